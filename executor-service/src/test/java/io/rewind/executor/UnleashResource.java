package io.rewind.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.testing.PostgresResource;
import io.rewind.local.LocalUnleash;

/**
 * A real Unleash ({@link LocalUnleash}), its data in a fresh database of the tests' PostgreSQL, with an admin API token
 * created at start-up. The token is also written to a file ({@link #tokenFile()}), as a mounted Secret would be, for
 * {@code unleash} targets to reference.
 */
public class UnleashResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "*:*." + UUID.randomUUID().toString().replace("-", "");

    private static String url;
    private static Path tokenFile;
    private LocalUnleash unleash;

    /** Where Unleash listens, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        return url;
    }

    /** A file holding {@link #TOKEN}, readable by this process only, for a target's {@code token: {file: ...}}. */
    public static Path tokenFile() {
        return tokenFile;
    }

    @Override
    public Map<String, String> start() {
        String database = "unleash_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create Unleash's database", e);
        }
        try {
            unleash = LocalUnleash.start(LocalUnleash.installation(), "postgres://" + PostgresResource.USER + ":"
                    + PostgresResource.USER + "@127.0.0.1:" + PostgresResource.port() + "/" + database, TOKEN,
                    Files.createTempFile("rewind-unleash", ".log"));
            url = unleash.url();
            tokenFile = Files.createTempFile("rewind-unleash-token", "");
            Files.writeString(tokenFile, TOKEN + "\n");
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (tokenFile != null) {
            try {
                Files.deleteIfExists(tokenFile);
            } catch (IOException e) {
                // a temporary file: the next start writes a new one
            }
        }
        if (unleash != null) {
            unleash.close();
        }
    }
}
