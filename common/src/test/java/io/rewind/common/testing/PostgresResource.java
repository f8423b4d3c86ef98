package io.rewind.common.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import io.rewind.local.LocalDatabase;

/**
 * A real PostgreSQL 15 for tests, started once per test JVM on a free port and stopped when the JVM exits.
 * Every service's {@code @QuarkusTest} uses it; no system server is needed.
 *
 * <p>Each service migrates its own schema, so test classes share the server; tests create their own data and
 * never assume an empty table.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private static EmbeddedPostgres server;

    /** Starts the shared server if it is not running yet. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = LocalDatabase.start(null, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresResource::stopServer, "embedded-postgres-stop"));
        }
        return server;
    }

    private static synchronized void stopServer() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // The JVM is exiting; the server's own shutdown does the rest.
            }
            server = null;
        }
    }

    public static int port() {
        return server().getPort();
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A plain JDBC connection, for tests that check what a request did (or did not) write. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, USER);
    }

    /** A connection to a maintenance database, which stays reachable while {@link #refuseConnections()} holds. */
    private static Connection connectToTemplate() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/template1", USER, USER);
    }

    /**
     * Makes the test database refuse new connections and drops the open ones, as an outage would look to the
     * service, until the returned handle is closed. The server itself keeps running for the other tests.
     */
    public static AutoCloseable refuseConnections() throws SQLException {
        try (Connection c = connectToTemplate(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
        }
        return () -> {
            try (Connection c = connectToTemplate(); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS true");
            }
        };
    }

    @Override
    public Map<String, String> start() {
        int port = port();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + DATABASE,
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", USER);
    }

    @Override
    public void stop() {
        // Kept for the next test class in this JVM; stopped by the shutdown hook.
    }
}
