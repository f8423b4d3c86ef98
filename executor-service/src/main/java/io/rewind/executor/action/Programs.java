package io.rewind.executor.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one program the way every target kind that runs programs ({@code host}, {@code commands}) does: an argument
 * list, never a shell, in a directory the target names, with stdin from {@code /dev/null} and an environment built by
 * the caller rather than inherited (executor-service's own holds its database password and keys). Each run is bounded
 * by a timeout, and killed with every process it started when the timeout runs out, when {@code stop} says so (a
 * cancelled execution) or when the worker is interrupted. Output is captured, up to {@link #MAX_OUTPUT}.
 */
final class Programs {

    static final int MAX_OUTPUT = 16 * 1024 * 1024;
    private static final int MAX_MESSAGE = 2_000;
    private static final long POLL_MILLIS = 1_000;

    private Programs() {
    }

    /** What one program run came to; {@code stoppedBecause}: why it was killed before it ended, or null. */
    record Result(List<String> argv, int exit, String out, String err, Duration timedOutAfter, String stoppedBecause) {

        boolean ok() {
            return timedOutAfter == null && stoppedBecause == null && exit == 0;
        }

        /** What the program said, for a refusal: its error output (else its output), the end of it when long. */
        String said() {
            if (timedOutAfter != null) {
                return String.join(" ", argv) + " did not finish within " + timedOutAfter + " and was killed";
            }
            if (stoppedBecause != null) {
                return String.join(" ", argv) + " was killed: " + stoppedBecause;
            }
            String text = tail((err.isBlank() ? out : err).strip());
            return text.isEmpty() ? "exit status " + exit : text;
        }
    }

    /** The end of {@code text} when it is longer than a message may be. */
    static String tail(String text) {
        return text.length() > MAX_MESSAGE ? "..." + text.substring(text.length() - MAX_MESSAGE) : text;
    }

    /**
     * Runs {@code argv} in {@code dir} with exactly {@code env}. {@code stop} is asked about once a second while it
     * runs; a non-null answer kills it and is kept as the reason. A {@link StepFailure} when it cannot be started.
     */
    static Result run(List<String> argv, Path dir, Map<String, String> env, Duration timeout,
            Supplier<String> stop) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("rewind-run-", ".out");
            err = Files.createTempFile("rewind-run-", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(Math.min(POLL_MILLIS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() >= deadline) {
                    kill(process);
                    return new Result(argv, -1, read(out), read(err), timeout, null);
                }
                String reason = stop == null ? null : stop.get();
                if (reason != null) {
                    kill(process);
                    return new Result(argv, -1, read(out), read(err), null, reason);
                }
            }
            return new Result(argv, process.exitValue(), read(out), read(err), null, null);
        } catch (IOException e) {
            throw new StepFailure("error: could not run " + argv.get(0) + " in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", argv), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Kills the process and everything it started, children first, and waits for it to be gone. */
    private static void kill(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_OUTPUT) {
            throw new StepFailure("error: a program wrote more than " + MAX_OUTPUT / 1024 / 1024 + " MiB of output");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temporary file must not hide what the program said.
            }
        }
    }
}
