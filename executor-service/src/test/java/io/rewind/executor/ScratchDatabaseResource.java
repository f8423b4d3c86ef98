package io.rewind.executor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.testing.PostgresResource;

/**
 * A scratch database on the shared embedded PostgreSQL, registered as {@value #NAME} for {@code postgres.downMigration}
 * steps as an operator would register one ({@code rewind.executor.databases.<name>.*}); and {@value #WITHOUT_PASSWORD},
 * whose password variable is not set.
 */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final String NAME = "scratch";
    public static final String WITHOUT_PASSWORD = "scratch-no-password";
    private static final String DATABASE = "rewind_scratch";

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + PostgresResource.port() + "/" + DATABASE;
    }

    @Override
    public Map<String, String> start() {
        try (Connection c = PostgresResource.connect();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery(); Statement s = c.createStatement()) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the scratch database", e);
        }
        return Map.of(
                "rewind.executor.databases." + NAME + ".url", jdbcUrl(),
                "rewind.executor.databases." + NAME + ".username", PostgresResource.USER,
                "rewind.executor.databases." + WITHOUT_PASSWORD + ".url", jdbcUrl(),
                "rewind.executor.databases." + WITHOUT_PASSWORD + ".password-env", "REWIND_TEST_UNSET_PASSWORD_VARIABLE");
    }

    @Override
    public void stop() {
        // Dropped with the embedded server when the JVM exits.
    }
}
