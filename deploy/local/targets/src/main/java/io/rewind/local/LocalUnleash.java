package io.rewind.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Unleash ({@code unleash-server}, installed under {@code .rewind/tools/unleash} by deploy/local/install-deps) run
 * with Node on 127.0.0.1 and a free port, its data in the PostgreSQL database it is given, with an admin API token
 * created at start-up ({@code INIT_ADMIN_API_TOKENS}). No version check, no telemetry. {@link #close()} stops it.
 */
public final class LocalUnleash implements AutoCloseable {

    public static final String INSTALLATION = ".rewind/tools/unleash";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final LocalProcess process;
    private final String url;

    private LocalUnleash(LocalProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Where install-deps put unleash-server: the nearest {@value #INSTALLATION} from the current directory up. */
    public static Path installation() {
        Path dir = LocalProcess.findUpwards(INSTALLATION + "/node_modules/unleash-server", "deploy/local/install-deps");
        return dir.getParent().getParent();
    }

    /**
     * Starts Unleash on {@code databaseUrl} ({@code postgres://user:password@127.0.0.1:port/db}) with {@code token} as an
     * admin token, its output in {@code log}; waits until {@code /health} answers.
     */
    public static LocalUnleash start(Path installation, String databaseUrl, String token, Path log) {
        if (!Files.isDirectory(installation.resolve("node_modules/unleash-server"))) {
            throw new IllegalStateException("unleash-server is not installed under " + installation
                    + ": run deploy/local/install-deps");
        }
        int port = LocalProcess.freePort();
        LocalProcess process = LocalProcess.start("unleash", List.of("node", "-e",
                "require('unleash-server').start({}).catch(e => { console.error(e); process.exit(1); })"), Map.of(
                        "DATABASE_URL", databaseUrl,
                        "DATABASE_SSL", "false",
                        "HTTP_HOST", "127.0.0.1",
                        "HTTP_PORT", String.valueOf(port),
                        "CHECK_VERSION", "false",
                        "SEND_TELEMETRY", "false",
                        "INIT_ADMIN_API_TOKENS", token,
                        "LOG_LEVEL", "warn"), installation, log);
        LocalUnleash unleash = new LocalUnleash(process, "http://127.0.0.1:" + port);
        try {
            process.awaitHttpOk(unleash.url + "/health", PATIENCE);
        } catch (RuntimeException e) {
            unleash.close();
            throw e;
        }
        return unleash;
    }

    /** Where Unleash listens, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.close();
    }
}
