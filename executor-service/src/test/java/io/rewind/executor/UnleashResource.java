package io.rewind.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.testing.PostgresResource;

/**
 * A real Unleash ({@code unleash-server} installed under {@code .rewind/tools/unleash} by deploy/local/install-deps), run
 * with Node on 127.0.0.1 and a free port, its data in a fresh database of the tests' PostgreSQL, with an admin API
 * token created at start-up ({@code INIT_ADMIN_API_TOKENS}). The token is also written to a file ({@link #tokenFile()}),
 * as a mounted Secret would be, for {@code unleash} targets to reference. No version check, no telemetry.
 */
public class UnleashResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "*:*." + UUID.randomUUID().toString().replace("-", "");
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);

    private static String url;
    private static Path tokenFile;
    private Process unleash;
    private Path log;

    /** Where Unleash listens, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        return url;
    }

    /** A file holding {@link #TOKEN}, readable by this process only, for a target's {@code token: {file: ...}}. */
    public static Path tokenFile() {
        return tokenFile;
    }

    private static Path installation() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".rewind/tools/unleash");
            if (Files.isDirectory(candidate.resolve("node_modules/unleash-server"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("unleash-server is not installed under .rewind/tools/unleash: run deploy/local/install-deps");
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
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            log = Files.createTempFile("rewind-unleash", ".log");
            ProcessBuilder builder = new ProcessBuilder("node", "-e",
                    "require('unleash-server').start({}).catch(e => { console.error(e); process.exit(1); })")
                    .directory(installation().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("DATABASE_URL", "postgres://" + PostgresResource.USER + ":" + PostgresResource.USER + "@127.0.0.1:"
                    + PostgresResource.port() + "/" + database);
            env.put("DATABASE_SSL", "false");
            env.put("HTTP_HOST", "127.0.0.1");
            env.put("HTTP_PORT", String.valueOf(port));
            env.put("CHECK_VERSION", "false");
            env.put("SEND_TELEMETRY", "false");
            env.put("INIT_ADMIN_API_TOKENS", TOKEN);
            env.put("LOG_LEVEL", "warn");
            unleash = builder.start();
            url = "http://127.0.0.1:" + port;
            tokenFile = Files.createTempFile("rewind-unleash-token", "");
            Files.writeString(tokenFile, TOKEN + "\n");
            awaitHealthy();
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!unleash.isAlive()) {
                throw new IllegalStateException("unleash exited: " + tail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("unleash not healthy after " + START_PATIENCE + ": " + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
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
            unleash.destroy();
            try {
                unleash.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
