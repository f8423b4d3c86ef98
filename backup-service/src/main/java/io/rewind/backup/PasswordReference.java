package io.rewind.backup;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where backup-service finds a registered database's password: exactly one of an environment variable of its own
 * process ({@code {"env": "SHOP_DB_PASSWORD"}}) or a file it can read ({@code {"file": "/run/secrets/shop"}}), such
 * as a mounted Kubernetes secret. The password itself never enters the API or the database.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PasswordReference(String env, String file) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final int MAX_PATH = 4096;

    /**
     * Why this reference cannot be used, or empty when it can. Checked here rather than in a constructor so that a
     * client learns it together with every other mistake in its request, under the field {@code password}.
     */
    public Optional<String> problem() {
        if ((env == null) == (file == null)) {
            return Optional.of("must name exactly one of env or file, e.g. {\"env\": \"SHOP_DB_PASSWORD\"}"
                    + " or {\"file\": \"/run/secrets/shop-db-password\"}");
        }
        if (env != null) {
            if (!ENV_NAME.matcher(env).matches()) {
                return Optional.of("env must be an environment variable name: letters, digits and '_',"
                        + " not starting with a digit");
            }
            // Rewind's own settings include its database password: a database registered with REWIND_DB_PASSWORD
            // and a host of the caller's choosing would hand that password to whoever runs the host.
            String upper = env.toUpperCase(Locale.ROOT);
            if (upper.startsWith("REWIND_") || upper.startsWith("QUARKUS_")) {
                return Optional.of("env must not name one of Rewind's own settings (REWIND_*, QUARKUS_*);"
                        + " give the database's password a variable of its own");
            }
            return Optional.empty();
        }
        if (!isAbsoluteNormalPath(file)) {
            return Optional.of("file must be an absolute path without '.' or '..' segments,"
                    + " e.g. /run/secrets/shop-db-password");
        }
        return Optional.empty();
    }

    private static boolean isAbsoluteNormalPath(String file) {
        if (file.isEmpty() || file.length() > MAX_PATH || !file.startsWith("/")) {
            return false;
        }
        try {
            Path path = Path.of(file);
            return path.isAbsolute() && path.normalize().equals(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
