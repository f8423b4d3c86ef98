package io.rewind.executor.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.target.HostTarget;

/**
 * Runs the programs of a {@code host} target: an argument list, never a shell, in the working copy, with an
 * environment built here rather than inherited. executor-service's own environment holds its database password and
 * keys; PM2's {@code --update-env} would hand all of it to the application. Each run is bounded by a timeout and
 * killed, with what it started, when the worker is interrupted (a cancelled execution).
 */
final class HostRunner {

    private static final int MAX_OUTPUT = 16 * 1024 * 1024;
    private static final int MAX_MESSAGE = 2_000;
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final HostTarget target;
    private final String targetName;
    private final SecretResolver secrets;

    HostRunner(HostTarget target, String targetName, SecretResolver secrets) {
        this.target = target;
        this.targetName = targetName;
        this.secrets = secrets;
    }

    HostTarget target() {
        return target;
    }

    /** What one program run came to. */
    record Result(List<String> argv, int exit, String out, String err, Duration timedOutAfter) {

        boolean ok() {
            return timedOutAfter == null && exit == 0;
        }

        /** What the program said, for a refusal: its error output (else its output), the end of it when long. */
        String said() {
            if (timedOutAfter != null) {
                return String.join(" ", argv) + " did not finish within " + timedOutAfter + " and was killed";
            }
            String text = (err.isBlank() ? out : err).strip();
            if (text.length() > MAX_MESSAGE) {
                text = "..." + text.substring(text.length() - MAX_MESSAGE);
            }
            return text.isEmpty() ? "exit status " + exit : text;
        }
    }

    /**
     * The environment of git, pm2 and systemctl: {@code PATH} and {@code HOME} as executor-service has them (pm2 is a
     * Node script found through {@code PATH}), {@code PM2_HOME} when the target sets it, and git told never to prompt.
     */
    Map<String, String> base() {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
        String home = System.getenv("HOME");
        env.put("HOME", home == null ? System.getProperty("user.home") : home);
        if (target.pm2Home() != null) {
            env.put("PM2_HOME", target.pm2Home());
        }
        env.put("GIT_TERMINAL_PROMPT", "0");
        return env;
    }

    /** {@link #base()} and the target's {@code environment}, resolved now: for the install command and the restart. */
    Map<String, String> application() {
        Map<String, String> env = base();
        env.remove("GIT_TERMINAL_PROMPT");
        target.environment().forEach((name, reference) -> env.put(name, resolve(name, reference)));
        return env;
    }

    private String resolve(String name, SecretReference reference) {
        return secrets.resolve(reference).orElseThrow(() -> new StepFailure("error: " + name + " of target '"
                + targetName + "' comes from " + reference.describe()
                + ", which is not set or not readable on this replica; nothing was changed"));
    }

    /** The timeout of one git, pm2 or systemctl call. */
    Duration commandTimeout() {
        return Duration.ofSeconds(target.commandTimeoutSeconds());
    }

    Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("rewind-host-", ".out");
            err = Files.createTempFile("rewind-host-", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(Path.of(target.workingCopy()).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return new Result(argv, -1, "", "", timeout);
            }
            return new Result(argv, process.exitValue(), read(out), read(err), null);
        } catch (IOException e) {
            throw new StepFailure("error: could not run " + argv.get(0) + " in " + target.workingCopy() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", argv), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Runs with the base environment and the command timeout. */
    Result run(List<String> argv) {
        return run(argv, base(), commandTimeout());
    }

    /** Runs {@code argv}; a {@link StepFailure} saying {@code doing} and what the program said when it fails. */
    Result require(List<String> argv, String doing) {
        Result result = run(argv);
        if (!result.ok()) {
            throw new StepFailure("error: " + doing + " failed (" + String.join(" ", argv) + "): " + result.said());
        }
        return result;
    }

    private static void kill(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_OUTPUT) {
            throw new StepFailure("error: a program of the host target wrote more than " + MAX_OUTPUT / 1024 / 1024
                    + " MiB of output");
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
