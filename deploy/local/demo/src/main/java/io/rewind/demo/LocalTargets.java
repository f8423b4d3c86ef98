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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import io.rewind.local.LocalAlertmanager;
import io.rewind.local.LocalDatabase;
import io.rewind.local.LocalNginx;
import io.rewind.local.LocalPrometheus;
import io.rewind.local.LocalUnleash;

/**
 * The real things the demo's incident happens to, all on 127.0.0.1 and free ports, all under one work directory: a
 * PostgreSQL 15 (Rewind's database, the shop's, Unleash's), the shop v1 and v2, nginx in front of them, Prometheus
 * scraping them every second, and Unleash holding the shop's feature flag. The peers are started by the local-targets
 * module that the services' tests use too; each is stopped when the demo ends.
 */
final class LocalTargets implements AutoCloseable {

    static final String SHOP_PASSWORD = "shop-" + UUID.randomUUID();
    static final String UNLEASH_TOKEN = "*:*." + UUID.randomUUID().toString().replace("-", "");
    static final String NGINX = LocalNginx.BINARY;

    private final Path root;
    private final Path work;
    private final Processes processes;
    private final Rest rest = new Rest();
    private final Deque<AutoCloseable> peers = new ArrayDeque<>();
    private EmbeddedPostgres postgres;
    private LocalNginx nginx;

    int pgPort;
    int shopV1Port;
    int shopV2Port;
    int prometheusPort;
    int alertmanagerPort;
    String unleashUrl;
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
        postgres = LocalDatabase.start(work.resolve("pgdata"), pgPort, false);
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
        return LocalDatabase.version(postgres);
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
    void startNginx() {
        nginx = started(LocalNginx.start(work.resolve("nginx"), "shop", LocalNginx.servers(shopV1Port)));
    }

    Path nginxPrefix() {
        return nginx.prefix();
    }

    Path upstreamInclude() {
        return nginx.includeFile();
    }

    Path nginxConfig() {
        return nginx.config();
    }

    String shopUrl() {
        return nginx.url();
    }

    static String servers(int port) {
        return LocalNginx.servers(port);
    }

    /** What a deploy tool does to send traffic to v2: rewrite the include, check the configuration, reload. */
    void switchNginxTo(int port) throws IOException, InterruptedException {
        nginx.switchTo(servers(port));
    }

    /**
     * Prometheus scraping both shop versions every second, as job "shop", with the team's alert rule on the shop's
     * error rate, sent to the Alertmanager on {@link #alertmanagerPort} (started later by {@link #startAlertmanager}).
     */
    void startPrometheus() throws IOException {
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        prometheusPort = Processes.freePort();
        alertmanagerPort = Processes.freePort();
        // Rewind's convention (README, "Alerts become incidents"): labels say which service and how severe,
        // annotations carry the numbers the decision weighs.
        String rules = """
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
                """.formatted(ShopIncident.ERROR_RATE);
        started(LocalPrometheus.scraping(dir, prometheusPort, "shop", List.of("127.0.0.1:" + shopV1Port,
                "127.0.0.1:" + shopV2Port), rules, "127.0.0.1:" + alertmanagerPort));
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
        Path keyFile = secretFile("alertmanager.key", key);
        started(LocalAlertmanager.start(work.resolve("alertmanager"), alertmanagerPort, receiverUrl, keyFile,
                List.of("service", "alertname"), Duration.ofSeconds(5), Duration.ofHours(1)));
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    /**
     * Unleash (npm unleash-server, installed under .rewind/tools/unleash) on its own database, with an admin token that
     * is also written to {@code unleash.token} (mode 600) for executor-service's Unleash target to reference.
     */
    void startUnleash() throws IOException {
        Path installation = root.resolve(LocalUnleash.INSTALLATION);
        unleashUrl = started(LocalUnleash.start(installation, "postgres://rewind:rewind@127.0.0.1:" + pgPort + "/unleash",
                UNLEASH_TOKEN, processes.log("unleash"))).url();
        unleashTokenFile = secretFile("unleash.token", UNLEASH_TOKEN);
    }

    String unleashUrl() {
        return unleashUrl;
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

    /** Keeps {@code peer} to be stopped, newest first, when the demo ends. */
    <T extends AutoCloseable> T started(T peer) {
        peers.push(peer);
        return peer;
    }

    @Override
    public void close() throws IOException {
        while (!peers.isEmpty()) {
            try {
                peers.pop().close();
            } catch (Exception e) {
                System.err.println("stopping a local target: " + e.getMessage());
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
