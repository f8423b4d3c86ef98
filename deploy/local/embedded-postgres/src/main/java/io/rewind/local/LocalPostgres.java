package io.rewind.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

        EmbeddedPostgres server = LocalDatabase.start(dataDir, port, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("stopping PostgreSQL: " + e.getMessage());
            }
            stopped.countDown();
        }, "postgres-stop"));

        LocalDatabase.ensureRoleAndDatabase(server, database, user, password);
        System.out.println("PostgreSQL " + LocalDatabase.version(server) + " ready on 127.0.0.1:" + port + ", data in " + dataDir);
        stopped.await();
    }
}
