package io.rewind.common.secret;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a service finds a secret that an admin configured: exactly one of an environment variable of its own process
 * ({@code {"env": "UNLEASH_ADMIN_TOKEN"}}) or a file it can read ({@code {"file": "/run/secrets/unleash-token"}}), such
 * as a mounted Kubernetes Secret. The secret itself never enters an API or a database: only this reference does, and
 * viewers see the reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretReference(String env, String file) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final int MAX_PATH = 4096;

    /**
     * Why this reference cannot be used, or empty when it can. Checked here rather than in a constructor so that a
     * client learns it together with every other mistake in its request.
     */
    public Optional<String> problem() {
        if ((env == null) == (file == null)) {
            return Optional.of("must name exactly one of env or file, e.g. {\"env\": \"UNLEASH_ADMIN_TOKEN\"}"
                    + " or {\"file\": \"/run/secrets/unleash-token\"}");
        }
        if (env != null) {
            if (!ENV_NAME.matcher(env).matches()) {
                return Optional.of("env must be an environment variable name: letters, digits and '_',"
                        + " not starting with a digit");
            }
            // Rewind's own settings include its database password and service keys: a reference to one of them would
            // hand it to whatever the target points at.
            String upper = env.toUpperCase(Locale.ROOT);
            if (upper.startsWith("REWIND_") || upper.startsWith("QUARKUS_")) {
                return Optional.of("env must not name one of Rewind's own settings (REWIND_*, QUARKUS_*);"
                        + " give the secret a variable of its own");
            }
            return Optional.empty();
        }
        if (!isAbsoluteNormalPath(file)) {
            return Optional.of("file must be an absolute path without '.' or '..' segments,"
                    + " e.g. /run/secrets/unleash-token");
        }
        return Optional.empty();
    }

    /** The secret's value from this process's environment or file system; see {@link SecretResolver#resolve}. */
    public Optional<String> resolve() {
        return problem().isPresent() ? Optional.empty() : SecretResolver.SYSTEM.resolve(this);
    }

    /** How an operator would name it in a message: "environment variable X" or "file /run/secrets/x". */
    public String describe() {
        return env != null ? "environment variable " + env : "file " + file;
    }

    private static boolean isAbsoluteNormalPath(String file) {
        if (file.isEmpty() || file.length() > MAX_PATH || !file.startsWith("/")) {
            return false;
        }
        try {
            Path path = Path.of(file);
            return path.isAbsolute() && path.normalize().equals(path) && !file.contains("//");
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
