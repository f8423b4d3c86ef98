package io.rewind.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by deploy/local/install-deps) on a free port of 127.0.0.1,
 * scraping one job every second, evaluating a rule file every second and sending its alerts (again every second while
 * they fire) to an Alertmanager. The job scrapes either given {@code host:port} targets or a metrics endpoint of its own
 * whose body the caller supplies at each scrape. {@link #close()} stops what this started.
 */
public final class LocalPrometheus implements AutoCloseable {

    public static final String BINARY = "/usr/bin/prometheus";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpServer metrics;
    private final LocalProcess process;
    private final String url;

    private LocalPrometheus(HttpServer metrics, LocalProcess process, String url) {
        this.metrics = metrics;
        this.process = process;
        this.url = url;
    }

    /** Scrapes {@code metricsBody} as job {@code app}, in a temporary directory; waits until ready. */
    public static LocalPrometheus start(Supplier<String> metricsBody) {
        return start(metricsBody, null, null);
    }

    /**
     * Scrapes {@code metricsBody} as job {@code app}, evaluates {@code rules} (a rule file's YAML, or null) and sends
     * alerts to {@code alertmanager} ({@code host:port}, or null); waits until ready.
     */
    public static LocalPrometheus start(Supplier<String> metricsBody, String rules, String alertmanager) {
        HttpServer server = null;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/metrics", exchange -> {
                byte[] bytes = metricsBody.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return start(Files.createTempDirectory("rewind-prometheus"), LocalProcess.freePort(), "app",
                    List.of("127.0.0.1:" + server.getAddress().getPort()), rules, alertmanager, server);
        } catch (IOException e) {
            if (server != null) {
                server.stop(0);
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scrapes {@code targets} ({@code host:port}) as job {@code job}, with its configuration and data under {@code home}
     * and on {@code port}; rules and alertmanager as {@link #start(Supplier, String, String)}; waits until ready.
     */
    public static LocalPrometheus scraping(Path home, int port, String job, List<String> targets, String rules,
            String alertmanager) {
        return start(home, port, job, targets, rules, alertmanager, null);
    }

    private static LocalPrometheus start(Path home, int port, String job, List<String> targets, String rules,
            String alertmanager, HttpServer metrics) {
        LocalProcess.requireExecutable(Path.of(BINARY), "deploy/local/install-deps");
        try {
            Files.createDirectories(home);
            StringBuilder yaml = new StringBuilder("""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: %s
                        static_configs:
                          - targets: [%s]
                    """.formatted(job, targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
            if (rules != null) {
                Path file = home.resolve("rules.yml");
                Files.writeString(file, rules);
                yaml.append("rule_files: ['").append(file).append("']\n");
            }
            if (alertmanager != null) {
                yaml.append("""
                        alerting:
                          alertmanagers:
                            - static_configs:
                                - targets: ['%s']
                        """.formatted(alertmanager));
            }
            Path config = home.resolve("prometheus.yml");
            Files.writeString(config, yaml);
            // Resolved and still-firing alerts are sent again every second rather than every minute.
            LocalProcess process = LocalProcess.start("prometheus", List.of(BINARY, "--config.file=" + config,
                    "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--rules.alert.resend-delay=1s"), Map.of(), home, home.resolve("prometheus.log"));
            LocalPrometheus local = new LocalPrometheus(metrics, process, "http://127.0.0.1:" + port);
            try {
                process.awaitHttpOk(local.url + "/-/ready", PATIENCE);
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
            return local;
        } catch (IOException e) {
            if (metrics != null) {
                metrics.stop(0);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Prometheus' base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.close();
        if (metrics != null) {
            metrics.stop(0);
        }
    }
}
