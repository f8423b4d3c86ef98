package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * backup-service's readiness, backup and restore API as recorded answers (the WireMock pattern), on 127.0.0.1 and a
 * free port, in backup-service's own JSON ({@code ReadinessResponse}, {@code BackupResponse}, {@code RestoreResponse},
 * problem+json). Tests register databases with their readiness; a restore job moves PENDING, RUNNING, then its end
 * (SUCCEEDED, or FAILED for a database registered to fail), one step per read, taking a {@code pre-restore} safety
 * backup as backup-service does. It refuses a request without this service's key (401) and records every request, with
 * its {@code Idempotency-Key}; like backup-service, it answers a restore request repeated under the same key with the
 * restore the first one started (200), starting none.
 */
public class BackupServiceStub implements QuarkusTestResourceLifecycleManager {

    /** The same key {@link StatusServiceStub} expects: one service key for every peer. */
    public static final String SERVICE_KEY = StatusServiceStub.SERVICE_KEY;

    public record Received(String method, String path, String authorization, JsonNode body, String idempotencyKey) {
    }

    /** The restore each Idempotency-Key started. */
    private static final Map<String, UUID> KEYS = new ConcurrentHashMap<>();

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, ObjectNode> READINESS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> FAILS = new ConcurrentHashMap<>();
    private static final Map<UUID, ObjectNode> BACKUPS = new ConcurrentHashMap<>();
    private static final Map<UUID, ObjectNode> RESTORES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/", BackupServiceStub::handle);
        server.start();
        return Map.of("quarkus.rest-client.backup-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "rewind.service-key", SERVICE_KEY);
    }

    /** A verified, successful backup of {@code database}, taken {@code hoursAgo}. */
    public static UUID backup(String database, int hoursAgo) {
        UUID id = UUID.randomUUID();
        BACKUPS.put(id, backupJson(id, database, "scheduled", OffsetDateTime.now(ZoneOffset.UTC).minusHours(hoursAgo), true));
        return id;
    }

    /** Registers {@code database} as ready, with {@code newest} as its newest verified backup. */
    public static void ready(String database, UUID newest) {
        READINESS.put(database, readiness(database, true, newest, List.of()));
    }

    /** Registers {@code database} as not ready for these reasons; {@code newest} may be null. */
    public static void notReady(String database, UUID newest, String... reasons) {
        READINESS.put(database, readiness(database, false, newest, List.of(reasons)));
    }

    /** Restores over {@code database} fail, as a pg_restore error would make them. */
    public static void restoresFail(String database) {
        FAILS.put(database, true);
    }

    /** The requests that started restores. */
    public static List<Received> restoreRequests() {
        return RECEIVED.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/restores")).toList();
    }

    private static ObjectNode readiness(String database, boolean ready, UUID newest, List<String> reasons) {
        ObjectNode node = JSON.createObjectNode().put("database", database).put("ready", ready).put("maxAgeHours", 4);
        if (newest == null) {
            node.putNull("newestVerifiedBackup").putNull("age").putNull("ageSeconds");
        } else {
            ObjectNode backup = BACKUPS.get(newest);
            node.set("newestVerifiedBackup", backup);
            long seconds = ChronoUnit.SECONDS.between(OffsetDateTime.parse(backup.get("startedAt").asText()),
                    OffsetDateTime.now(ZoneOffset.UTC));
            node.put("age", "PT" + seconds + "S").put("ageSeconds", seconds);
        }
        node.put("lastRestoreDuration", "PT42S");
        ArrayNode list = node.putArray("reasons");
        reasons.forEach(list::add);
        return node;
    }

    private static ObjectNode backupJson(UUID id, String database, String reason, OffsetDateTime at, boolean verified) {
        ObjectNode backup = JSON.createObjectNode().put("id", id.toString()).put("database", database)
                .put("status", "SUCCEEDED").put("reason", reason).putNull("releaseTag").putNull("scheduledFor")
                .put("requestedAt", at.toString()).put("startedAt", at.toString()).put("endedAt", at.plusMinutes(2).toString())
                .put("size", 52_428_800L).put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .put("serverVersion", "15.5").put("pgDumpVersion", "15.5").put("schemaVersion", "42");
        backup.putObject("tableCounts").put("public.orders", 120_000L).put("public.payments", 98_000L);
        backup.putNull("error");
        if (verified) {
            backup.put("verification", "VERIFIED").put("verifiedAt", at.plusMinutes(10).toString());
        } else {
            backup.putNull("verification").putNull("verifiedAt");
        }
        return backup;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        RECEIVED.add(new Received(method, path, authorization, body, key));
        if (!("Bearer " + SERVICE_KEY).equals(authorization)) {
            problem(exchange, 401, "unauthorized", "Unauthorized", "A valid API key is required.");
            return;
        }
        String[] parts = path.substring("/api/".length()).split("/");
        if (parts[0].equals("databases") && parts.length == 3 && parts[2].equals("readiness") && method.equals("GET")) {
            ObjectNode readiness = READINESS.get(parts[1]);
            if (readiness == null) {
                problem(exchange, 404, "not-found", "Not found", "Database " + parts[1] + " does not exist.");
            } else {
                respond(exchange, 200, readiness.toString());
            }
        } else if (parts[0].equals("backups") && parts.length == 1 && method.equals("GET")) {
            String database = query != null && query.startsWith("database=") ? query.substring("database=".length()) : null;
            ArrayNode list = JSON.createArrayNode();
            BACKUPS.values().stream().filter(b -> database == null || database.equals(b.get("database").asText()))
                    .sorted((a, b) -> b.get("requestedAt").asText().compareTo(a.get("requestedAt").asText()))
                    .forEach(list::add);
            respond(exchange, 200, list.toString());
        } else if (parts[0].equals("backups") && parts.length == 3 && parts[2].equals("restores") && method.equals("POST")) {
            if (key != null && KEYS.containsKey(key)) {
                respond(exchange, 200, RESTORES.get(KEYS.get(key)).toString());
                return;
            }
            startRestore(exchange, UUID.fromString(parts[1]), body, key);
        } else if (parts[0].equals("restores") && parts.length == 2 && method.equals("GET")) {
            ObjectNode restore = RESTORES.get(UUID.fromString(parts[1]));
            if (restore == null) {
                problem(exchange, 404, "not-found", "Not found", "Restore " + parts[1] + " does not exist.");
                return;
            }
            advance(restore);
            respond(exchange, 200, restore.toString());
        } else {
            problem(exchange, 404, "not-found", "Not found", "No such resource.");
        }
    }

    private static void startRestore(HttpExchange exchange, UUID backupId, JsonNode body, String key) throws IOException {
        ObjectNode backup = BACKUPS.get(backupId);
        if (backup == null) {
            problem(exchange, 404, "not-found", "Not found", "Backup " + backupId + " does not exist.");
            return;
        }
        String target = body == null ? null : body.path("target").asText(null);
        if (target == null || !target.equals(body.path("confirm").asText(null))) {
            respond(exchange, 400, "{\"type\":\"urn:rewind:problem:validation\",\"title\":\"The request is not valid\","
                    + "\"status\":400,\"errors\":[{\"field\":\"confirm\",\"message\":\"must repeat the target's name, '"
                    + target + "', to confirm that its current contents will be replaced\"}]}");
            return;
        }
        UUID id = UUID.randomUUID();
        ObjectNode restore = JSON.createObjectNode().put("id", id.toString()).put("backupId", backupId.toString())
                .put("sourceDatabase", backup.get("database").asText()).put("targetDatabase", target)
                .put("status", "PENDING").putNull("safetyBackupId").put("requestedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                .putNull("startedAt").putNull("endedAt").putNull("error");
        RESTORES.put(id, restore);
        if (key != null) {
            KEYS.put(key, id);
        }
        respond(exchange, 202, restore.toString());
    }

    /** One step further along, as backup-service's worker would have got by the next read. */
    private static synchronized void advance(ObjectNode restore) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String target = restore.get("targetDatabase").asText();
        switch (restore.get("status").asText()) {
            case "PENDING" -> {
                UUID safety = UUID.randomUUID();
                BACKUPS.put(safety, backupJson(safety, target, "pre-restore", now, false));
                restore.put("status", "RUNNING").put("startedAt", now.toString()).put("safetyBackupId", safety.toString());
            }
            case "RUNNING" -> {
                if (FAILS.containsKey(target)) {
                    restore.put("status", "FAILED").put("error", "pg_restore: error: could not execute query: ERROR: "
                            + "relation \"orders\" already exists");
                } else {
                    restore.put("status", "SUCCEEDED");
                }
                restore.put("endedAt", now.toString());
            }
            default -> {
            }
        }
    }

    /** The restores started over {@code database} (a repeat answered from its Idempotency-Key starts none). */
    public static List<ObjectNode> restoresOver(String database) {
        return RESTORES.values().stream().filter(r -> database.equals(r.get("targetDatabase").asText())).toList();
    }

    private static void problem(HttpExchange exchange, int status, String type, String title, String detail)
            throws IOException {
        respond(exchange, status, JSON.createObjectNode().put("type", "urn:rewind:problem:" + type).put("title", title)
                .put("status", status).put("detail", detail).toString());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
