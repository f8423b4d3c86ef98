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
 * A scratch database on the shared embedded PostgreSQL for {@code postgres.downMigration} steps. Tests reach it through
 * a {@code postgres} target they define ({@link #jdbcUrl()}, {@link PostgresResource#USER}, and the password in a file
 * they write), as an admin would; nothing about it is executor configuration.
 */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

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
        return Map.of();
    }

    @Override
    public void stop() {
        // Dropped with the embedded server when the JVM exits.
    }
}
