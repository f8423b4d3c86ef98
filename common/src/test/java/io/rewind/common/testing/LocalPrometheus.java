package io.rewind.common.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by deploy/local/install-deps) scraping, every second, a
 * metrics endpoint whose body the test supplies at each scrape. Both listen on free ports of 127.0.0.1; {@link #close()}
 * stops both.
 */
public final class LocalPrometheus implements AutoCloseable {

    private static final String BINARY = "/usr/bin/prometheus";

    private final HttpServer metrics;
    private final Process prometheus;
    private final Path dir;
    private final String url;

    private LocalPrometheus(HttpServer metrics, Process prometheus, Path dir, String url) {
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.dir = dir;
        this.url = url;
    }

    /** Starts the metrics endpoint and Prometheus, and waits until Prometheus is ready. */
    public static LocalPrometheus start(Supplier<String> metricsBody) {
        return start(metricsBody, null, null);
    }

    /**
     * Starts the metrics endpoint and Prometheus evaluating {@code rules} (a rule file's YAML, or null) every second and
     * sending its alerts to the Alertmanager at {@code alertmanager} ({@code host:port}, or null), and waits until
     * Prometheus is ready.
     */
    public static LocalPrometheus start(Supplier<String> metricsBody, String rules, String alertmanager) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: run deploy/local/install-deps");
        }
        try {
            HttpServer metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            metrics.createContext("/metrics", exchange -> {
                byte[] bytes = metricsBody.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            metrics.start();
            int port = freePort();
            Path dir = Files.createTempDirectory("rewind-prometheus");
            Path config = dir.resolve("prometheus.yml");
            StringBuilder yaml = new StringBuilder("""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(metrics.getAddress().getPort()));
            if (rules != null) {
                Files.writeString(dir.resolve("rules.yml"), rules);
                yaml.append("rule_files: ['").append(dir.resolve("rules.yml")).append("']\n");
            }
            if (alertmanager != null) {
                yaml.append("""
                        alerting:
                          alertmanagers:
                            - static_configs:
                                - targets: ['%s']
                        """.formatted(alertmanager));
            }
            Files.writeString(config, yaml);
            // Resolved and still-firing alerts are sent again every second rather than every minute.
            Process prometheus = new ProcessBuilder(BINARY, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--rules.alert.resend-delay=1s")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            LocalPrometheus local = new LocalPrometheus(metrics, prometheus, dir, "http://127.0.0.1:" + port);
            local.awaitReady();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Prometheus' base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    private void awaitReady() {
        try {
            awaitReady(prometheus, url + "/-/ready", dir.resolve("prometheus.log"), "prometheus");
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /** Waits up to 30 s until {@code ready} answers 200; fails early when the process exits. */
    static void awaitReady(Process process, String ready, Path log, String name) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(ready)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                sleep();
            } catch (IOException notListeningYet) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready after 30 s; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        prometheus.destroy();
        try {
            prometheus.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.stop(0);
    }
}
