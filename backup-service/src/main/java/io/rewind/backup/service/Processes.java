package io.rewind.backup.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs pg_dump and pg_restore as child processes. Blocking: call from a worker thread, never the event loop.
 *
 * <p>The password reaches the child only as {@code PGPASSWORD} in its own environment: never on the command line,
 * where {@code ps} shows it to every user of the machine, and never in a log. Of this process's environment the child
 * gets only {@link #INHERITED} (and the locale's {@code LC_*}): no {@code PG*} variable can redirect it to another
 * server, and backup-service's own secrets ({@code REWIND_DB_PASSWORD}, API keys, the S3 store's AWS keys) never
 * reach a tool that does not need them.
 */
final class Processes {

    /** What a PostgreSQL client may need of this process's environment: paths, locale, time zone. */
    static final java.util.Set<String> INHERITED = java.util.Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ",
            "LD_LIBRARY_PATH", "SSL_CERT_FILE", "SSL_CERT_DIR");

    private static final int STDERR_TAIL = 2000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rewind-process-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private Processes() {
    }

    /** Reads the child's standard output as it is produced. */
    @FunctionalInterface
    interface OutputReader {
        void read(InputStream stdout) throws IOException;
    }

    /**
     * How a child ended.
     *
     * @param stderr the end of what it wrote to standard error, for the job's error message
     */
    record Result(int exitCode, String stderr, boolean timedOut) {

        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** "pg_restore failed (exit 1): pg_restore: error: ..." */
        String failure(String tool) {
            if (timedOut) {
                return tool + " was killed after running longer than rewind.backup.process-timeout";
            }
            return tool + " failed (exit " + exitCode + ")" + (stderr.isBlank() ? "" : ": " + stderr.strip());
        }
    }

    /**
     * Runs the command to its end. At most one of {@code stdin} (fed to the child) and {@code stdout} (reading what
     * it writes) is used in this thread; a child's output that nobody reads goes to {@code stdoutFile}, or nowhere.
     */
    static Result run(List<String> command, String password, InputStream stdin, OutputReader stdout, Path stdoutFile,
            Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> !INHERITED.contains(name) && !name.startsWith("LC_"));
        environment.put("PGPASSWORD", password);
        environment.put("PGCONNECT_TIMEOUT", "10");
        Path stderrFile = Files.createTempFile("rewind-stderr-", ".txt");
        try {
            builder.redirectError(stderrFile.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            if (stdout == null) {
                builder.redirectOutput(stdoutFile == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.to(stdoutFile.toFile()));
            }
            Process process = builder.start();
            boolean[] killed = { false };
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                killed[0] = true;
                process.destroyForcibly();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                if (stdin != null) {
                    feed(stdin, process.getOutputStream());
                }
                if (stdout != null) {
                    try (InputStream output = process.getInputStream()) {
                        stdout.read(output);
                    }
                }
                int exitCode = process.waitFor();
                return new Result(exitCode, tail(stderrFile), killed[0]);
            } finally {
                watchdog.cancel(false);
                if (process.isAlive()) {
                    // The reader or writer failed: the child must not outlive its job.
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            Files.deleteIfExists(stderrFile);
        }
    }

    /**
     * Copies the input to the child. A child that exits early (pg_restore stopping at a corrupt block) closes the
     * pipe: that is reported by its exit code and message, not as this write's broken pipe.
     */
    private static void feed(InputStream input, OutputStream child) throws IOException {
        try (child) {
            input.transferTo(child);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).toLowerCase().contains("pipe")
                    && !String.valueOf(e.getMessage()).toLowerCase().contains("stream closed")) {
                throw e;
            }
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() <= STDERR_TAIL ? text : "..." + text.substring(text.length() - STDERR_TAIL);
    }
}
