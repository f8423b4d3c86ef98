package io.rewind.executor;

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
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by deploy/local/install-deps) scraping, every second, a
 * metrics endpoint this resource serves: the error ratio of a {@code good} service (0.002) and of a {@code bad} one
 * (0.2), and the bad one's baseline (0.19). Both on free ports of 127.0.0.1.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    private static final String BINARY = "/usr/bin/prometheus";
    private static final String METRICS = """
            # TYPE checkout_error_ratio gauge
            checkout_error_ratio{service="good"} 0.002
            checkout_error_ratio{service="bad"} 0.2
            # TYPE checkout_error_ratio_baseline gauge
            checkout_error_ratio_baseline{service="bad"} 0.19
            """;

    private HttpServer metrics;
    private Process prometheus;
    private Path dir;

    @Override
    public Map<String, String> start() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: run deploy/local/install-deps");
        }
        try {
            metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            metrics.createContext("/metrics", exchange -> {
                byte[] bytes = METRICS.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            metrics.start();

            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            dir = Files.createTempDirectory("rewind-prometheus");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(metrics.getAddress().getPort()));
            prometheus = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String url = "http://127.0.0.1:" + port;
            awaitReady(url);
            return Map.of("rewind.executor.prometheus-url", url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String url) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new IllegalStateException("prometheus exited; see " + dir.resolve("prometheus.log"));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
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
            sleep();
        }
        throw new IllegalStateException("prometheus not ready after 30 s");
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
    public void stop() {
        if (prometheus != null) {
            prometheus.destroy();
            try {
                prometheus.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (metrics != null) {
            metrics.stop(0);
        }
    }
}
