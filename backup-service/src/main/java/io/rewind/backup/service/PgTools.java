package io.rewind.backup.service;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the PostgreSQL client tool of a server's major version. A pg_dump older than the server refuses to dump it,
 * and a newer one writes archives an older pg_restore cannot read, so only the same major version is used, and its
 * absence is an error that says where it looked and what to install.
 */
public final class PgTools {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    /** A located tool and the version it reported, e.g. {@code 15.18}. */
    public record Tool(Path path, String version) {
    }

    private final Optional<Path> configuredDir;
    private final String pathVariable;

    public PgTools(Optional<Path> configuredDir, String pathVariable) {
        this.configuredDir = configuredDir;
        this.pathVariable = pathVariable == null ? "" : pathVariable;
    }

    /**
     * The tool ({@code pg_dump}, {@code pg_restore}) of the given major version: the configured directory alone when
     * one is set, else {@code /usr/lib/postgresql/<major>/bin}, then each directory of the PATH.
     *
     * @throws ToolMissingException naming every candidate and why it was not used
     */
    public Tool locate(String tool, int major) throws ToolMissingException {
        Set<Path> candidates = new LinkedHashSet<>();
        if (configuredDir.isPresent()) {
            candidates.add(configuredDir.get().resolve(tool));
        } else {
            candidates.add(Path.of("/usr/lib/postgresql", Integer.toString(major), "bin", tool));
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, tool));
                }
            }
        }
        List<String> rejected = new ArrayList<>();
        for (Path candidate : candidates) {
            if (!Files.isExecutable(candidate)) {
                continue;
            }
            Optional<String> version = version(candidate);
            if (version.isEmpty()) {
                rejected.add(candidate + " (did not report a version)");
            } else if (majorOf(version.get()) != major) {
                rejected.add(candidate + " (version " + version.get() + ")");
            } else {
                return new Tool(candidate, version.get());
            }
        }
        String where = configuredDir.map(dir -> "in " + dir + " (rewind.backup.pg-bin-dir)")
                .orElse("in /usr/lib/postgresql/" + major + "/bin or on the PATH");
        throw new ToolMissingException("no " + tool + " of PostgreSQL " + major + " (the server's major version) "
                + where + (rejected.isEmpty() ? "" : "; found only " + String.join(", ", rejected))
                + ": install postgresql-client-" + major + " or set REWIND_BACKUP_PG_BIN_DIR");
    }

    /**
     * Every usable copy of the tool where {@link #locate} would look, whatever its version: the configured directory,
     * or each {@code /usr/lib/postgresql/<major>/bin} and the PATH.
     */
    public List<Tool> installed(String tool) {
        Set<Path> candidates = new LinkedHashSet<>();
        if (configuredDir.isPresent()) {
            candidates.add(configuredDir.get().resolve(tool));
        } else {
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                versions.sorted().forEach(dir -> candidates.add(dir.resolve("bin").resolve(tool)));
            } catch (IOException e) {
                // No Debian-style installation: the PATH may still have one.
            }
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, tool));
                }
            }
        }
        List<Tool> found = new ArrayList<>();
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                version(candidate).ifPresent(version -> found.add(new Tool(candidate, version)));
            }
        }
        return found;
    }

    /** The major version of {@code server_version_num} (150004 → 15) or of a version string ("15.18" → 15). */
    public static int majorOf(String version) {
        if (version.matches("\\d{5,6}")) {
            return Integer.parseInt(version) / 10000;
        }
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** The version a tool reports with {@code --version}, e.g. "pg_dump (PostgreSQL) 15.18 (Debian ...)" → 15.18. */
    static Optional<String> parseVersion(String output) {
        Matcher matcher = VERSION.matcher(output);
        return matcher.find() ? Optional.of(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)))
                : Optional.empty();
    }

    private static Optional<String> version(Path tool) {
        try {
            Process process = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? parseVersion(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** No usable tool of the needed version: a setup problem, reported as such on the job. */
    public static class ToolMissingException extends Exception {

        public ToolMissingException(String message) {
            super(message, null, false, false);
        }
    }
}
