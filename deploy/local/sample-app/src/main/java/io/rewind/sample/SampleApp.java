package io.rewind.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.flywaydb.core.Flyway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The "shop" the demo releases and rolls back: {@code GET /} answers with its version, {@code GET /health} says it is
 * up, {@code GET /metrics} serves Prometheus' text format with {@code http_requests_total{version,code}}. A release may
 * be told to fail a share of its requests ({@code --fail-every 5}: every fifth request answers 500, 20 %), which is
 * how v2 is bad. Its schema {@code shop} is migrated by Flyway from {@code db/shop}; {@code db/shop-down} holds the
 * reviewed down scripts a rollback runs.
 *
 * <p>Usage: {@code serve <port> <version> [--fail-every N]} or {@code migrate <jdbc-url> <user> <password> <version>}.
 */
public final class SampleApp {

    /** The schema the app owns, and where its migrations and down scripts live on the classpath. */
    public static final String SCHEMA = "shop";
    public static final String MIGRATIONS = "db/shop";
    public static final String DOWN_SCRIPTS = "db/shop-down";

    private final HttpServer server;
    private final String version;
    private final int failEvery;
    private final AtomicLong requests = new AtomicLong();
    private final Counter served;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private SampleApp(int port, String version, int failEvery) throws IOException {
        this.version = version;
        this.failEvery = failEvery;
        this.served = Counter.builder().name("http_requests_total").help("HTTP requests served, by version and status code")
                .labelNames("version", "code").register(registry);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", exchange -> respond(exchange, 200, "UP\n"));
        server.createContext("/", this::shop);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("serve")) {
            int failEvery = args.length == 5 && args[3].equals("--fail-every") ? Integer.parseInt(args[4]) : 0;
            SampleApp app = new SampleApp(Integer.parseInt(args[1]), args[2], failEvery);
            app.server.start();
            System.out.println("shop " + args[2] + " listening on 127.0.0.1:" + args[1]
                    + (failEvery > 0 ? ", failing every " + failEvery + "th request" : ""));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.server.stop(0);
                stopped.countDown();
            }));
            stopped.await();
        } else if (args.length == 5 && args[0].equals("migrate")) {
            migrate(args[1], args[2], args[3], args[4]);
        } else {
            System.err.println("usage: SampleApp serve <port> <version> [--fail-every N]"
                    + " | migrate <jdbc-url> <user> <password> <target-version>");
            System.exit(2);
        }
    }

    /** Migrates the shop schema up to {@code target}, as a release's deploy step does. Returns the version reached. */
    public static String migrate(String jdbcUrl, String user, String password, String target) {
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .locations("classpath:" + MIGRATIONS)
                .target(target)
                .load();
        flyway.migrate();
        return flyway.info().current().getVersion().getVersion();
    }

    private void shop(HttpExchange exchange) throws IOException {
        long n = requests.incrementAndGet();
        if (failEvery > 0 && n % failEvery == 0) {
            served.labelValues(version, "500").inc();
            respond(exchange, 500, "shop " + version + ": internal error\n");
        } else {
            served.labelValues(version, "200").inc();
            respond(exchange, 200, "shop " + version + "\n");
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
