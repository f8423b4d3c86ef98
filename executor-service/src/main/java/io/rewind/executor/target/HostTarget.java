package io.rewind.executor.target;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code host}: an application deployed the traditional way on the machine executor-service runs on: a Git working
 * copy checked out at a release tag, dependencies installed in it, and a process kept running by PM2 or systemd.
 * Nothing here reaches another machine (no SSH): executor-service, or a runner of it, runs on the host itself.
 *
 * <p>Spec: {@code workingCopy} (absolute path of the Git working copy); {@code manager} ({@code pm2} or
 * {@code systemd}); with {@code pm2}, {@code process} (the PM2 process name; not {@code all} and not a number, which
 * PM2 reads as every process or a process id), optional {@code pm2Home} (the daemon's {@code PM2_HOME}, absolute; the
 * executor's user's {@code ~/.pm2} otherwise) and {@code ecosystemFile} (a path inside the working copy: restarts then
 * run {@code pm2 startOrReload <file> --only <process> --update-env}); with {@code systemd}, {@code unit} (such as
 * {@code shop.service}) and optional {@code systemdScope} ({@code system}, the default, or {@code user}: {@code
 * systemctl --user}).
 *
 * <p>Optional: {@code install} (the install command as an argument list, run in the working copy without a shell, such
 * as {@code ["npm", "ci", "--omit=dev"]}; none: nothing is installed); {@code environment} (variables for the install
 * command and the restart, each a secret reference {@code {"env": ...}} or {@code {"file": ...}}; the processes get
 * only {@code PATH}, {@code HOME}, {@code PM2_HOME} and these, never executor-service's own environment);
 * {@code gitBinary}, {@code pm2Binary}, {@code systemctlBinary} (absolute paths; when left out, the program found on
 * executor-service's {@code PATH} when the admin defines the target is stored, so a later change of the PATH changes
 * nothing); {@code allowedTags} (a glob of the tags steps may check out, {@code *} and {@code ?} as wildcards, such as
 * {@code v*}; default every tag); {@code installTimeoutSeconds} (1 to 3600, default 180), {@code commandTimeoutSeconds}
 * (for each git, pm2 and systemctl call and for the process to come up, 1 to 600, default 60) and {@code stableSeconds}
 * (how long the restarted process must stay up, its pid and restart count unchanged, 0 to 300, default 5). A step does
 * its checkout, install, restart and watch in one attempt, which must end within the worker's lease
 * ({@code rewind.executor.worker.lease}, 5 minutes by default): raise the lease for a longer install, or another
 * replica takes the step over while it still runs.
 */
public record HostTarget(String workingCopy, String manager, String process, String unit, String systemdScope,
        String pm2Home, String ecosystemFile, List<String> install, Map<String, SecretReference> environment,
        String gitBinary, String pm2Binary, String systemctlBinary, String allowedTags, int installTimeoutSeconds,
        int commandTimeoutSeconds, int stableSeconds) implements TargetSpec {

    public static final String PM2 = "pm2";
    public static final String SYSTEMD = "systemd";

    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final Pattern PM2_NAME = Pattern.compile("(?!all$)(?![0-9]+$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.@\\\\-]{0,250}");
    private static final Pattern RELATIVE_PATH = Pattern.compile("(?!\\.\\.?(/|$))[^/\\x00\\r\\n]+(/(?!\\.\\.?(/|$))[^/\\x00\\r\\n]+)*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** A tag glob: what a tag may hold, plus the wildcards. */
    private static final Pattern TAG_GLOB = Pattern.compile("[A-Za-z0-9._+*?-]{1,128}");
    /** Set by Rewind for every process it runs; an admin's value would be overwritten or break the run. */
    private static final List<String> RESERVED_ENV = List.of("PATH", "HOME", "PM2_HOME");
    private static final int MAX_ARGS = 50;
    private static final int MAX_ARG_LENGTH = 1_000;

    static HostTarget read(ParamReader spec) {
        String workingCopy = spec.matching("workingCopy", true, Names.ABSOLUTE_PATH,
                "must be the absolute path of the application's Git working copy, without '.' or '..' segments");
        String manager = spec.oneOf("manager", true, List.of(PM2, SYSTEMD));
        String process = null;
        String unit = null;
        String scope = null;
        String pm2Home = null;
        String ecosystem = null;
        String pm2Binary = null;
        String systemctlBinary = null;
        if (PM2.equals(manager)) {
            process = spec.matching("process", true, PM2_NAME,
                    "must be a PM2 process name (not 'all' and not a number, which PM2 reads as every process or an id)");
            pm2Home = spec.matching("pm2Home", false, Names.ABSOLUTE_PATH, "must be an absolute path");
            ecosystem = spec.matching("ecosystemFile", false, RELATIVE_PATH,
                    "must be a path inside the working copy, such as ecosystem.config.js");
            pm2Binary = binary(spec, "pm2Binary", PM2);
        } else if (SYSTEMD.equals(manager)) {
            unit = spec.matching("unit", true, UNIT, "must be a systemd unit name, such as shop.service");
            scope = spec.oneOf("systemdScope", false, List.of("system", "user"));
            systemctlBinary = binary(spec, "systemctlBinary", "systemctl");
        }
        for (String other : PM2.equals(manager) ? List.of("unit", "systemdScope", "systemctlBinary")
                : SYSTEMD.equals(manager) ? List.of("process", "pm2Home", "ecosystemFile", "pm2Binary") : List.<String>of()) {
            if (spec.present(other)) {
                spec.get(other);
                spec.error(other, "does not apply to a " + manager + " host");
            }
        }
        if (manager == null) {
            List.of("process", "unit", "systemdScope", "pm2Home", "ecosystemFile", "pm2Binary", "systemctlBinary")
                    .forEach(spec::get);
        }
        List<String> install = install(spec);
        Map<String, SecretReference> environment = environment(spec);
        String gitBinary = binary(spec, "gitBinary", "git");
        String allowedTags = spec.matching("allowedTags", false, TAG_GLOB,
                "must be a glob of tag names such as v* (letters, digits, '.', '_', '+', '-' and the wildcards * and ?)");
        Long installTimeout = spec.integer("installTimeoutSeconds", false, 1, 3600);
        Long commandTimeout = spec.integer("commandTimeoutSeconds", false, 1, 600);
        Long stable = spec.integer("stableSeconds", false, 0, 300);
        return new HostTarget(workingCopy, manager, process, unit, scope == null ? "system" : scope, pm2Home, ecosystem,
                install, environment, gitBinary, pm2Binary, systemctlBinary, allowedTags,
                installTimeout == null ? 180 : installTimeout.intValue(),
                commandTimeout == null ? 60 : commandTimeout.intValue(), stable == null ? 5 : stable.intValue());
    }

    /** The install command: a program (resolved on the PATH now, like the binaries) and its arguments, verbatim. */
    private static List<String> install(ParamReader spec) {
        Object value = spec.get("install");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ARGS) {
            spec.error("install", "must be the install command as a non-empty array of at most " + MAX_ARGS
                    + " arguments, such as [\"npm\", \"ci\", \"--omit=dev\"]");
            return List.of();
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String arg) || arg.isEmpty() || arg.length() > MAX_ARG_LENGTH
                    || arg.indexOf('\0') >= 0) {
                spec.error("install[" + i + "]", "must be a non-empty string of at most " + MAX_ARG_LENGTH + " characters");
                return List.of();
            }
            argv.add(arg);
        }
        String program = argv.get(0);
        if (!Names.ABSOLUTE_PATH.matcher(program).matches() && !COMMAND.matcher(program).matches()) {
            spec.error("install[0]", "must be an absolute path or a command name" + ParamReader.echo(program));
            return List.of();
        }
        String resolved = onPath(program);
        if (resolved == null) {
            spec.error("install[0]", "'" + program + "' is not on executor-service's PATH: give its absolute path");
            return List.of();
        }
        argv.set(0, resolved);
        return List.copyOf(argv);
    }

    private static Map<String, SecretReference> environment(ParamReader spec) {
        Map<?, ?> given = spec.object("environment", false);
        Map<String, SecretReference> environment = new LinkedHashMap<>();
        if (given == null) {
            return environment;
        }
        ParamReader variables = spec.nested("environment", false);
        given.keySet().forEach(key -> {
            String name = String.valueOf(key);
            if (!ENV_NAME.matcher(name).matches() || RESERVED_ENV.contains(name.toUpperCase(Locale.ROOT))) {
                variables.get(name);
                variables.error(name, "must be an environment variable name other than " + String.join(", ", RESERVED_ENV)
                        + ", which Rewind sets");
                return;
            }
            SecretReference reference = TargetSpec.secret(variables, name, true);
            if (reference != null) {
                environment.put(name, reference);
            }
        });
        return environment;
    }

    /**
     * The program under {@code key}: an absolute path as the admin gave it, or, when left out, {@code command} as found
     * on executor-service's PATH now (an error when it is not there).
     */
    private static String binary(ParamReader spec, String key, String command) {
        String given = spec.matching(key, false, Names.ABSOLUTE_PATH,
                "must be the absolute path of " + command + ", without '.' or '..' segments");
        if (given != null || spec.present(key)) {
            return given;
        }
        String found = onPath(command);
        if (found == null) {
            spec.error(key, "is required: " + command + " is not on executor-service's PATH");
        }
        return found;
    }

    /** {@code program} itself when it is absolute, else the first executable file of that name on the PATH; or null. */
    public static String onPath(String program) {
        if (program.startsWith("/")) {
            return program;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.startsWith("/")) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    /**
     * The spec as stored: the programs found on the PATH written in, so that what runs is decided when the admin
     * defines the target, and shown to whoever reads it.
     */
    @Override
    public Map<String, Object> stored(Map<String, Object> given) {
        Map<String, Object> stored = new LinkedHashMap<>(given);
        stored.put("gitBinary", gitBinary);
        if (pm2Binary != null) {
            stored.put("pm2Binary", pm2Binary);
        }
        if (systemctlBinary != null) {
            stored.put("systemctlBinary", systemctlBinary);
        }
        if (!install.isEmpty()) {
            stored.put("install", install);
        }
        return stored;
    }

    /** Whether steps may check out {@code tag}: it matches {@link #allowedTags} (every tag when none is set). */
    public boolean allows(String tag) {
        return allowedTags == null || glob(allowedTags).matcher(tag).matches();
    }

    /** {@code glob} ({@code *} and {@code ?} as wildcards, everything else literal) as a pattern. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** The allowed tags as a phrase: "tags matching 'v*'" or "tags". */
    public String tagsPhrase() {
        return allowedTags == null ? "tags" : "tags matching '" + allowedTags + "'";
    }

    /** What the process manager calls the process: "pm2 process shop" or "systemd unit shop.service". */
    public String processPhrase() {
        return PM2.equals(manager) ? "pm2 process " + process : "systemd unit " + unit;
    }
}
