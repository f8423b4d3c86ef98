package io.rewind.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL 15 server {@code deploy/local/rewind up} runs when no {@code REWIND_DB_URL} is given.
 *
 * <p>Data lives in the given directory and survives restarts. The server listens on 127.0.0.1 only, with trust
 * authentication: it is a single-user development database, never a production one. It stops cleanly when this
 * process receives SIGTERM or SIGINT.
 *
 * <p>Usage: {@code java -jar rewind-local-postgres.jar <data-dir> <port> <database> <user> <password>}
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LocalPostgres <data-dir> <port> <database> <user> <password>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        String user = args[3];
        String password = args[4];
        Files.createDirectories(dataDir.getParent());

        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("stopping PostgreSQL: " + e.getMessage());
            }
            stopped.countDown();
        }, "postgres-stop"));

        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            ensureRoleAndDatabase(connection, database, user, password);
        }
        System.out.println("PostgreSQL " + serverVersion(server) + " ready on 127.0.0.1:" + port + ", data in " + dataDir);
        stopped.await();
    }

    private static void ensureRoleAndDatabase(Connection connection, String database, String user, String password)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
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

    private static String serverVersion(EmbeddedPostgres server) throws SQLException {
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
