package io.rewind.executor.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.action.Programs.Result;
import io.rewind.executor.target.HostTarget;

/**
 * Runs the programs of a {@code host} target through {@link Programs}, in the working copy, with an environment built
 * here rather than inherited: executor-service's own environment holds its database password and keys, and PM2's
 * {@code --update-env} would hand all of it to the application.
 */
final class HostRunner {

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
        return Programs.run(argv, Path.of(target.workingCopy()), env, timeout, null);
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
}
