package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * status-service's admin incidents API as recorded answers (the WireMock pattern), on 127.0.0.1 and a free port: it
 * keeps the incidents it was asked to open, answers as status-service does (201 with the incident and its updates,
 * newest first), refuses a request without this service's key (401), and records every request it got, with its
 * {@code Idempotency-Key}. Like status-service, it answers a POST repeated under the same key with what the first one
 * stored (200) instead of storing it again.
 */
public class StatusServiceStub implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_KEY = "executor-test-service-key";
    /** The one template it knows, by name. */
    public static final String TEMPLATE = "rollback-started";
    public static final UUID TEMPLATE_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final String COMPONENT = "Checkout";
    public static final UUID COMPONENT_ID = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    /** What a request was: method, path, Authorization header, body and Idempotency-Key (null when none was sent). */
    public record Received(String method, String path, String authorization, JsonNode body, String idempotencyKey) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<UUID, ObjectNode> INCIDENTS = new ConcurrentHashMap<>();
    /** The incident each Idempotency-Key's POST opened or updated. */
    private static final Map<String, UUID> KEYS = new ConcurrentHashMap<>();
    private static volatile boolean listsEmpty;
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/admin/", StatusServiceStub::handle);
        server.start();
        return Map.of("quarkus.rest-client.status-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "rewind.service-key", SERVICE_KEY);
    }

    /** The requests that changed something (POSTs), in order. */
    public static List<Received> posts() {
        return RECEIVED.stream().filter(r -> r.method().equals("POST")).toList();
    }

    public static ObjectNode incident(UUID id) {
        return INCIDENTS.get(id);
    }

    /**
     * Whether GET /api/admin/incidents answers an empty list, as a page that no longer shows an incident would: a
     * resumed step cannot find what it posted and must rely on its Idempotency-Key.
     */
    public static void listsEmpty(boolean empty) {
        listsEmpty = empty;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        RECEIVED.add(new Received(method, path, authorization, body, key));
        if (!("Bearer " + SERVICE_KEY).equals(authorization)) {
            respond(exchange, 401, "{\"type\":\"urn:rewind:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        String[] parts = path.substring("/api/admin/".length()).split("/");
        if (method.equals("POST") && key != null && KEYS.containsKey(key)) {
            // A repeat: what the first request with this key stored, and nothing new.
            respond(exchange, 200, INCIDENTS.get(KEYS.get(key)).toString());
            return;
        }
        if (parts[0].equals("templates") && method.equals("GET")) {
            respond(exchange, 200, "[{\"id\":\"" + TEMPLATE_ID + "\",\"name\":\"" + TEMPLATE + "\",\"status\":\"identified\","
                    + "\"body\":\"We are rolling {{service}} back to {{to}}.\",\"placeholders\":[\"service\",\"to\"]}]");
        } else if (parts[0].equals("components") && method.equals("GET")) {
            respond(exchange, 200, "[{\"id\":\"" + COMPONENT_ID + "\",\"name\":\"" + COMPONENT + "\",\"status\":\"operational\","
                    + "\"description\":\"Cart and payment\",\"position\":1,\"showcase\":true}]");
        } else if (parts[0].equals("incidents") && parts.length == 1 && method.equals("POST")) {
            UUID id = UUID.randomUUID();
            ObjectNode incident = JSON.createObjectNode().put("id", id.toString()).put("name", body.path("name").asText())
                    .put("status", body.path("status").asText()).put("impact", "none")
                    .put("createdAt", now());
            incident.putArray("updates").add(update(body));
            INCIDENTS.put(id, incident);
            remember(key, id);
            respond(exchange, 201, incident.toString());
        } else if (parts[0].equals("incidents") && parts.length == 1 && method.equals("GET")) {
            ArrayNode list = JSON.createArrayNode();
            if (!listsEmpty) {
                INCIDENTS.values().forEach(list::add);
            }
            respond(exchange, 200, list.toString());
        } else if (parts[0].equals("incidents") && parts.length >= 2) {
            ObjectNode incident = INCIDENTS.get(UUID.fromString(parts[1]));
            if (incident == null) {
                respond(exchange, 404, "{\"type\":\"urn:rewind:problem:not-found\",\"title\":\"Not found\",\"status\":404}");
            } else if (parts.length == 3 && parts[2].equals("updates") && method.equals("POST")) {
                ((ArrayNode) incident.get("updates")).insert(0, update(body));
                incident.put("status", body.path("status").asText());
                remember(key, UUID.fromString(parts[1]));
                respond(exchange, 201, incident.toString());
            } else {
                respond(exchange, 200, incident.toString());
            }
        } else {
            respond(exchange, 404, "{}");
        }
    }

    private static void remember(String key, UUID incident) {
        if (key != null) {
            KEYS.put(key, incident);
        }
    }

    private static ObjectNode update(JsonNode request) {
        String text = request.hasNonNull("body") ? request.get("body").asText()
                : "We are rolling " + request.path("variables").path("service").asText() + " back to "
                        + request.path("variables").path("to").asText() + ".";
        return JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("status", request.path("status").asText())
                .put("body", text).put("createdAt", now());
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
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
