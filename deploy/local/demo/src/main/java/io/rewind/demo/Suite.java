package io.rewind.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four Rewind services, started from their packaged jars ({@code <service>/target/quarkus-app/quarkus-run.jar})
 * one after the other on free ports, with fresh API keys: an admin, an operator, an approver (the on-call lead),
 * Alertmanager (an operator) and one key for each service that calls others, named after it (a service key opens only
 * what its service needs).
 */
final class Suite {

    static final List<String> SERVICES = List.of("status-service", "backup-service", "executor-service", "decision-service");

    final String adminKey = newKey();
    final String operatorKey = newKey();
    final String approverKey = newKey();
    /** Alertmanager's key: an operator identity named "alertmanager", as README's receiver section says to give it. */
    final String alertmanagerKey = newKey();
    /** The key each calling service presents to the others, by service name. */
    final Map<String, String> serviceKeys = Map.of("decision-service", newKey(), "executor-service", newKey());
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, Duration> readyAfter = new LinkedHashMap<>();

    private final Path root;
    private final Path work;
    private final Processes processes;
    private final Rest rest = new Rest();

    Suite(Path root, Path work, Processes processes) {
        this.root = root;
        this.work = work;
        this.processes = processes;
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    static Path jar(Path root, String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts every service and waits for each to be ready before the next (on two cores, four JVMs starting at once
     * each take several times longer). {@code extra} adds system properties per service.
     */
    void start(LocalTargets targets, Map<String, List<String>> extra) throws IOException {
        for (String service : SERVICES) {
            Path jar = jar(root, service);
            if (!Files.isRegularFile(jar)) {
                throw new Rest.Failure(jar + " is missing: build it with ./mvnw package -DskipTests");
            }
            ports.put(service, Processes.freePort());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REWIND_DB_URL", "postgresql://127.0.0.1:" + targets.pgPort + "/rewind");
        env.put("REWIND_DB_USER", "rewind");
        env.put("REWIND_DB_PASSWORD", "rewind");
        List<String> keys = new ArrayList<>(List.of(entry("demo-admin", "admin", adminKey),
                entry("demo-operator", "operator", operatorKey), entry("on-call-lead", "approver", approverKey),
                entry("alertmanager", "operator", alertmanagerKey)));
        serviceKeys.forEach((service, key) -> keys.add(entry(service, "service", key)));
        env.put("REWIND_API_KEYS", String.join(",", keys));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("REWIND_DECISION_URL", url("decision-service"));
        env.put("REWIND_EXECUTOR_URL", url("executor-service"));
        env.put("REWIND_BACKUP_URL", url("backup-service"));
        env.put("REWIND_STATUS_URL", url("status-service"));
        env.put("REWIND_DECISION_PORT", String.valueOf(ports.get("decision-service")));
        env.put("REWIND_EXECUTOR_PORT", String.valueOf(ports.get("executor-service")));
        env.put("REWIND_BACKUP_PORT", String.valueOf(ports.get("backup-service")));
        env.put("REWIND_STATUS_PORT", String.valueOf(ports.get("status-service")));
        // decision-service's analyses. executor-service has no such setting: its steps reach Prometheus, Unleash, nginx
        // and the shop's database through the targets the admin defines, secrets by reference to files.
        if (targets.prometheusPort > 0) {
            env.put("REWIND_PROMETHEUS_URL", targets.prometheusUrl());
        }
        env.put("REWIND_BACKUP_DIR", work.resolve("backups").toString());
        env.put("REWIND_BACKUP_FLYWAY_SCHEMAS", "shop");
        env.put("REWIND_STATUS_PAGE_NAME", "Shop");
        env.put("REWIND_STATUS_PAGE_URL", url("status-service"));
        for (String service : SERVICES) {
            List<String> command = new ArrayList<>(List.of(LocalTargets.java(), "-Drewind.process=demo-" + service,
                    "-XX:TieredStopAtLevel=1", "-Xmx256m"));
            command.addAll(extra.getOrDefault(service, List.of()));
            command.addAll(List.of("-jar", jar(root, service).toString()));
            long started = System.nanoTime();
            Map<String, String> own = new LinkedHashMap<>(env);
            if (serviceKeys.containsKey(service)) {
                own.put("REWIND_SERVICE_KEY", serviceKeys.get(service));
            }
            processes.start(service, command, own, work);
            try {
                targets.await(service, Duration.ofSeconds(120),
                        () -> rest.status(url(service) + "/q/health/ready") == 200);
            } catch (Rest.Failure e) {
                throw new Rest.Failure(e.getMessage() + "; its log ends:\n" + processes.tail(service));
            }
            readyAfter.put(service, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static String entry(String name, String role, String key) {
        return name + ":" + role + ":" + sha256(key);
    }

    private static String newKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
