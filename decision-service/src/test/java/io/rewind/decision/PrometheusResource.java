package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by deploy/local/install-deps) scraping, every second, a
 * metrics endpoint this resource serves: {@code http_requests_total} of two services, {@code good} with no errors and
 * {@code bad} with 20% of requests failing. Both on free ports of 127.0.0.1.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    private static final String BINARY = "/usr/bin/prometheus";
    private HttpServer metrics;
    private Process prometheus;
    private Path dir;
    private final AtomicLong requests = new AtomicLong();

    @Override
    public Map<String, String> start() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: run deploy/local/install-deps");
        }
        try {
            metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            metrics.createContext("/metrics", exchange -> {
                long total = requests.addAndGet(100);
                String body = """
                        # TYPE http_requests_total counter
                        http_requests_total{service="good",code="200"} %d
                        http_requests_total{service="good",code="500"} 0
                        http_requests_total{service="bad",code="200"} %d
                        http_requests_total{service="bad",code="500"} %d
                        """.formatted(total, total * 8 / 10, total * 2 / 10);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            metrics.start();

            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
            return Map.of("quarkus.rest-client.prometheus.url", url);
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("prometheus not ready after 30 s");
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
