package io.rewind.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real things the demo's incident happens to, all on 127.0.0.1 and free ports, all under one work directory: a
 * PostgreSQL 15 (Rewind's database, the shop's, Unleash's), the shop v1 and v2, nginx in front of them, Prometheus
 * scraping them every second, and Unleash holding the shop's feature flag.
 */
final class LocalTargets implements AutoCloseable {

    static final String SHOP_PASSWORD = "shop-" + UUID.randomUUID();
    static final String UNLEASH_TOKEN = "*:*." + UUID.randomUUID().toString().replace("-", "");
    static final String NGINX = "/usr/sbin/nginx";
    static final String PROMETHEUS = "/usr/bin/prometheus";
    static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

    private final Path root;
    private final Path work;
    private final Processes processes;
    private final Rest rest = new Rest();
    private EmbeddedPostgres postgres;

    int pgPort;
    int shopV1Port;
    int shopV2Port;
    int nginxPort;
    int prometheusPort;
    int alertmanagerPort;
    int unleashPort;
    Path nginxPrefix;
    Path passwordFile;
    Path unleashTokenFile;

    LocalTargets(Path root, Path work, Processes processes) {
        this.root = root;
        this.work = work;
        this.processes = processes;
    }

    /** PostgreSQL 15 with the databases: rewind (the services' schemas), shop (the app's own), unleash. */
    void startPostgres() throws IOException, SQLException {
        pgPort = Processes.freePort();
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(work.resolve("pgdata"))
                .setCleanDataDirectory(true).setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE rewind LOGIN CREATEDB PASSWORD 'rewind'");
            s.execute("CREATE DATABASE rewind OWNER rewind");
            s.execute("CREATE DATABASE unleash OWNER rewind");
            // CREATEDB: backup-service proves the shop's backups by restoring them into scratch databases.
            s.execute("CREATE ROLE shop LOGIN CREATEDB PASSWORD '" + SHOP_PASSWORD + "'");
            s.execute("CREATE DATABASE shop OWNER shop");
        }
        passwordFile = secretFile("shop.password", SHOP_PASSWORD);
    }

    /**
     * Writes a secret where the services read it by reference ({@code {"file": ...}}), readable by this user only: the
     * services are given the file's path, never its content.
     */
    Path secretFile(String name, String secret) throws IOException {
        Path file = work.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret);
        return file;
    }

    String pgVersion() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    String shopJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/shop";
    }

    /** The shop's Flyway version now, read from its schema history. */
    String shopSchemaVersion() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(shopJdbcUrl(), "shop", SHOP_PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM shop.flyway_schema_history WHERE success AND version IS NOT"
                        + " NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The shop v1 (good) and v2 (every fifth request fails: 20 % errors), as two processes. */
    void startShop(Path sampleAppJar) throws IOException {
        shopV1Port = Processes.freePort();
        shopV2Port = Processes.freePort();
        processes.start("shop-v1", List.of(java(), "-Xmx64m", "-jar", sampleAppJar.toString(), "serve",
                String.valueOf(shopV1Port), "v1"), Map.of(), work);
        processes.start("shop-v2", List.of(java(), "-Xmx64m", "-jar", sampleAppJar.toString(), "serve",
                String.valueOf(shopV2Port), "v2", "--fail-every", "5"), Map.of(), work);
        await("shop v1", Duration.ofSeconds(30), () -> rest.status("http://127.0.0.1:" + shopV1Port + "/health") == 200);
        await("shop v2", Duration.ofSeconds(30), () -> rest.status("http://127.0.0.1:" + shopV2Port + "/health") == 200);
    }

    /** nginx in the foreground with its own prefix, proxying to the servers its upstream include lists (v1 first). */
    void startNginx() throws IOException {
        nginxPrefix = Files.createDirectories(work.resolve("nginx"));
        for (String dir : List.of("conf", "logs", "temp")) {
            Files.createDirectories(nginxPrefix.resolve(dir));
        }
        nginxPort = Processes.freePort();
        Files.writeString(upstreamInclude(), servers(shopV1Port));
        Files.writeString(nginxConfig(), """
                worker_processes 1;
                pid %1$s/logs/nginx.pid;
                error_log %1$s/logs/error.log notice;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream shop {
                        include %2$s;
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_pass http://shop;
                        }
                    }
                }
                """.formatted(nginxPrefix, upstreamInclude(), nginxPort));
        processes.start("nginx", List.of(NGINX, "-p", nginxPrefix.toString(), "-c", nginxConfig().toString(), "-g",
                "daemon off;"), Map.of(), work);
        await("nginx", Duration.ofSeconds(30), () -> rest.status(shopUrl() + "/health") == 200);
    }

    Path upstreamInclude() {
        return nginxPrefix.resolve("conf/shop-upstream.conf");
    }

    Path nginxConfig() {
        return nginxPrefix.resolve("conf/nginx.conf");
    }

    String shopUrl() {
        return "http://127.0.0.1:" + nginxPort;
    }

    static String servers(int port) {
        return "server 127.0.0.1:" + port + ";\n";
    }

    /** What a deploy tool does to send traffic to v2: rewrite the include, check the configuration, reload. */
    void switchNginxTo(int port) throws IOException, InterruptedException {
        Files.writeString(upstreamInclude(), servers(port));
        for (String signal : new String[] {"-t", "reload"}) {
            List<String> command = new ArrayList<>(List.of(NGINX, "-p", nginxPrefix.toString(), "-c", nginxConfig().toString()));
            if (signal.equals("-t")) {
                command.add("-t");
            } else {
                command.addAll(List.of("-s", "reload"));
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new Rest.Failure("nginx " + signal + " failed: " + output);
            }
        }
    }

    /**
     * Prometheus scraping both shop versions every second, as job "shop", with the team's alert rule on the shop's
     * error rate, sent to the Alertmanager on {@link #alertmanagerPort} (started later by {@link #startAlertmanager}).
     */
    void startPrometheus() throws IOException {
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        prometheusPort = Processes.freePort();
        alertmanagerPort = Processes.freePort();
        Path rules = dir.resolve("shop-rules.yml");
        // Rewind's convention (README, "Alerts become incidents"): labels say which service and how severe,
        // annotations carry the numbers the decision weighs.
        Files.writeString(rules, """
                groups:
                  - name: shop
                    rules:
                      - alert: ShopCheckoutErrors
                        expr: '%s > 10'
                        for: 3s
                        labels:
                          service: shop
                          severity: P1
                        annotations:
                          summary: 'Checkout errors on the shop: {{ printf "%%.1f" $value }}%% of requests fail'
                          description: 'The shop answers 5xx to more than 10%% of requests (Prometheus rule ShopCheckoutErrors).'
                          error_rate_percent: '{{ $value }}'
                          baseline_error_rate_percent: '0'
                          users_affected_percent: '20'
                          time_to_fix_minutes: '90'
                """.formatted(ShopIncident.ERROR_RATE));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:%d"]
                scrape_configs:
                  - job_name: shop
                    static_configs:
                      - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                """.formatted(rules, alertmanagerPort, shopV1Port, shopV2Port));
        processes.start("prometheus", List.of(PROMETHEUS, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort), Map.of(), work);
        await("Prometheus", Duration.ofSeconds(60), () -> rest.status(prometheusUrl() + "/-/ready") == 200);
        // Both targets scraped at least once, so the first rates exist when the analysis starts.
        await("Prometheus scraping the shop", Duration.ofSeconds(30), () -> {
            var result = rest.get(prometheusUrl() + "/api/v1/query?query=" + java.net.URLEncoder.encode("count(up{job=\"shop\"} == 1)",
                    java.nio.charset.StandardCharsets.UTF_8), null).path("data").path("result");
            return result.size() == 1 && result.get(0).path("value").path(1).asText().equals("2");
        });
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    /**
     * Alertmanager (Debian's prometheus-alertmanager), clustering off, sending every alert group to decision-service's
     * receiver with the key of the identity named "alertmanager" read from a file of mode 600, as a team configures it.
     */
    void startAlertmanager(String receiverUrl, String key) throws IOException {
        if (!Files.isExecutable(Path.of(ALERTMANAGER))) {
            throw new Rest.Failure(ALERTMANAGER + " is missing: run deploy/local/install-deps --demo");
        }
        Path dir = Files.createDirectories(work.resolve("alertmanager"));
        Path keyFile = secretFile("alertmanager.key", key);
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: rewind
                  group_by: ['service', 'alertname']
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                  - name: rewind
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials_file: '%s'
                """.formatted(receiverUrl, keyFile));
        processes.start("alertmanager", List.of(ALERTMANAGER, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="), Map.of(), work);
        await("Alertmanager", Duration.ofSeconds(60), () -> rest.status(alertmanagerUrl() + "/-/ready") == 200);
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    /**
     * Unleash (npm unleash-server, installed under .rewind/tools/unleash) on its own database, with an admin token that
     * is also written to {@code unleash.token} (mode 600) for executor-service's Unleash target to reference.
     */
    void startUnleash() throws IOException {
        Path installation = root.resolve(".rewind/tools/unleash");
        if (!Files.isDirectory(installation.resolve("node_modules/unleash-server"))) {
            throw new Rest.Failure("unleash-server is not installed under " + installation + ": run deploy/local/install-deps --demo");
        }
        unleashPort = Processes.freePort();
        processes.start("unleash", List.of("node", "-e",
                "require('unleash-server').start({}).catch(e => { console.error(e); process.exit(1); })"), Map.of(
                        "DATABASE_URL", "postgres://rewind:rewind@127.0.0.1:" + pgPort + "/unleash",
                        "DATABASE_SSL", "false",
                        "HTTP_HOST", "127.0.0.1",
                        "HTTP_PORT", String.valueOf(unleashPort),
                        "CHECK_VERSION", "false",
                        "SEND_TELEMETRY", "false",
                        "INIT_ADMIN_API_TOKENS", UNLEASH_TOKEN,
                        "LOG_LEVEL", "warn"), installation);
        unleashTokenFile = secretFile("unleash.token", UNLEASH_TOKEN);
        await("Unleash", Duration.ofSeconds(120), () -> rest.status(unleashUrl() + "/health") == 200);
    }

    String unleashUrl() {
        return "http://127.0.0.1:" + unleashPort;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until {@code ready}, failing with the process' log when it takes longer than {@code patience}. */
    void await(String what, Duration patience, BooleanSupplier ready) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not answering yet
            }
            if (System.nanoTime() > deadline) {
                throw new Rest.Failure(what + " not ready within " + Narrator.seconds(patience));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Rest.Failure("interrupted");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
