package io.rewind.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 15 server (zonky's embedded binaries: nothing to install), listening on 127.0.0.1 only, with trust
 * authentication: a development and test database, never a production one. Used by every service's tests, the demo
 * and {@code deploy/local/rewind up}.
 */
public final class LocalDatabase {

    private LocalDatabase() {
    }

    /**
     * Starts a server with its data in {@code dataDir} (null: a temporary one) on {@code port} (0: a free one); data is
     * kept from an earlier run when {@code keepData}. The caller closes it; no shutdown hook is registered.
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean keepData) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false);
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(!keepData);
        }
        if (port != 0) {
            builder.setPort(port);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** Creates the login role {@code user} (CREATEDB) and its database when missing; never drops anything. */
    public static void ensureRoleAndDatabase(EmbeddedPostgres server, String database, String user, String password)
            throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            // CREATEDB: backup-service proves backups by restoring them into scratch databases.
            if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = " + literal(user))) {
                statement.execute("CREATE ROLE " + identifier(user) + " LOGIN CREATEDB PASSWORD " + literal(password));
            } else {
                statement.execute("ALTER ROLE " + identifier(user) + " CREATEDB");
            }
            if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = " + literal(database))) {
                statement.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
            }
        }
    }

    /** {@code SHOW server_version}, e.g. {@code 15.19}. */
    public static String version(EmbeddedPostgres server) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            return rs.next();
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
