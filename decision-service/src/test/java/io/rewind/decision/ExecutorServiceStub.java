package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/**
 * executor-service's plans and executions endpoints as recorded answers (the WireMock pattern), on a port reserved
 * at start-up but not listened on until a test calls {@link #up()}: until then decision-service finds it unreachable,
 * as in an outage. Like executor-service it answers only decision-service's own key (401 otherwise), honours
 * {@code Idempotency-Key} (the same request again returns the same execution with 200; another request under the same
 * key is a 422 {@code idempotency-key-reused}), echoes what the request named (plan, target, incident) in the
 * execution, and counts and keeps what it receives. A test can make it answer something else for one key
 * ({@link #ANSWER_INSTEAD}), the way an executor-service with a bug, or an attacker in its place, would.
 */
public class ExecutorServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static int port;
    private static HttpServer server;
    /** Idempotency-Key → execution id. */
    public static final Map<String, String> EXECUTIONS_BY_KEY = new ConcurrentHashMap<>();
    /** Idempotency-Key → the body of the first request under it. */
    public static final Map<String, JsonNode> REQUESTS_BY_KEY = new ConcurrentHashMap<>();
    /** Execution id → status it reports. */
    public static final Map<String, String> STATUS = new ConcurrentHashMap<>();
    /** Execution id → the fields it reports besides status and steps (id, planId, target, incidentId, dryRun, ...). */
    public static final Map<String, Map<String, Object>> EXECUTIONS = new ConcurrentHashMap<>();
    /** Idempotency-Key → the answer to give to a POST under it instead of the honest one. */
    public static final Map<String, Answer> ANSWER_INSTEAD = new ConcurrentHashMap<>();
    /** Services for which it has no plan. */
    public static final Set<String> WITHOUT_PLAN = ConcurrentHashMap.newKeySet();
    /** Service → names of the plans it has besides {@code <service>-rollback}. */
    public static final Map<String, List<String>> MORE_PLANS = new ConcurrentHashMap<>();
    /** Services whose executions report their second step FAILED (while running, and at the end). */
    public static final Set<String> FAILING_STEP = ConcurrentHashMap.newKeySet();
    public static final AtomicInteger STARTS_RECEIVED = new AtomicInteger();
    /** Idempotency-Key → how many POSTs arrived under it. */
    public static final Map<String, AtomicInteger> STARTS_BY_KEY = new ConcurrentHashMap<>();
    /** Requests refused because they did not carry decision-service's key: "METHOD path auth=...". */
    public static final Queue<String> UNAUTHORISED = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    /** The public incident the executions' status.update step reports opening. */
    public static final String STATUS_INCIDENT = "5f0c2a8e-0d7e-4c1b-9a51-3c3d1f2b7a10";
    private static final String STEPS = """
            [{"position": 0, "name": "tell customers", "kind": "status.update", "target": null, "status": "SUCCEEDED",
              "startedAt": "2026-01-01T10:20:00Z", "endedAt": "2026-01-01T10:20:01Z",
              "output": "status incident %s: identified"},
             {"position": 1, "name": "undo checkout", "kind": "kubernetes.undo", "target": "shop-cluster", "status": "SUCCEEDED",
              "startedAt": "2026-01-01T10:20:01Z", "endedAt": "2026-01-01T10:24:00Z", "output": "revision 3 -> 2"},
             {"position": 2, "name": "smoke", "kind": "verify.http", "target": "checkout-site", "status": "SUCCEEDED",
              "startedAt": "2026-01-01T10:24:00Z", "endedAt": "2026-01-01T10:24:02Z", "output": "200 OK"}]
            """.formatted(STATUS_INCIDENT);

    /** An answer to a POST: its HTTP status and JSON body; an execution in it is also what a later GET returns. */
    public record Answer(int status, Map<String, Object> execution, String executionStatus, String problem) {

        /** A 200 naming an execution that already exists, with these fields and status. */
        public static Answer execution(Map<String, Object> fields, String executionStatus) {
            return new Answer(200, fields, executionStatus, null);
        }

        public static Answer problem(int status, String json) {
            return new Answer(status, null, null, json);
        }
    }

    /** An execution's fields as executor-service reports them. */
    public static Map<String, Object> execution(String id, String planId, String target, String incidentId, boolean dryRun) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("planId", planId);
        fields.put("target", target);
        fields.put("incidentId", incidentId);
        fields.put("dryRun", dryRun);
        fields.put("breakGlass", false);
        return fields;
    }

    /** The plan id this stub gives the one plan of {@code service}. */
    public static String planId(String service) {
        return "plan-" + service;
    }

    /** The plan id this stub gives the plan {@code name} of {@code service} (one of {@link #MORE_PLANS}). */
    public static String planId(String service, String name) {
        return "plan-" + service + "-" + name;
    }

    /** Registers an execution that {@code GET /api/executions/{id}} reports, e.g. one an operator started. */
    public static void register(Map<String, Object> fields, String status) {
        String id = (String) fields.get("id");
        EXECUTIONS.put(id, new ConcurrentHashMap<>(fields));
        STATUS.put(id, status);
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.rest-client.executor-service.url", "http://127.0.0.1:" + port);
    }

    public static synchronized boolean isUp() {
        return server != null;
    }

    /** executor-service comes back. */
    public static synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/plans", exchange -> {
            if (!authorised(exchange)) {
                return;
            }
            String service = exchange.getRequestURI().getQuery().replace("service=", "");
            List<Map<String, Object>> plans = new java.util.ArrayList<>();
            if (!WITHOUT_PLAN.contains(service)) {
                plans.add(Map.of("id", planId(service), "name", service + "-rollback", "service", service, "version", 1));
                for (String name : MORE_PLANS.getOrDefault(service, List.of())) {
                    plans.add(Map.of("id", planId(service, name), "name", name, "service", service, "version", 1));
                }
            }
            respond(exchange, 200, JSON.writeValueAsString(plans));
        });
        server.createContext("/api/executions", exchange -> {
            if (!authorised(exchange)) {
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())) {
                start(exchange);
            } else {
                String id = exchange.getRequestURI().getPath().substring("/api/executions/".length());
                String body = body(id);
                respond(exchange, body == null ? 404 : 200, body == null
                        ? "{\"type\": \"urn:rewind:problem:not-found\", \"status\": 404, \"detail\": \"no execution " + id + "\"}"
                        : body);
            }
        });
        server.start();
    }

    private static void start(HttpExchange exchange) throws IOException {
        STARTS_RECEIVED.incrementAndGet();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        STARTS_BY_KEY.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        Answer instead = key == null ? null : ANSWER_INSTEAD.get(key);
        if (instead != null) {
            if (instead.problem() != null) {
                respond(exchange, instead.status(), instead.problem());
                return;
            }
            String id = (String) instead.execution().get("id");
            if (!EXECUTIONS.containsKey(id)) {
                register(instead.execution(), instead.executionStatus());
            }
            respond(exchange, instead.status(), body(id));
            return;
        }
        JsonNode first = REQUESTS_BY_KEY.putIfAbsent(key, request);
        if (first != null && !first.equals(request)) {
            respond(exchange, 422, "{\"type\": \"urn:rewind:problem:idempotency-key-reused\", \"status\": 422, "
                    + "\"detail\": \"Idempotency-Key " + key + " was used for another request\"}");
            return;
        }
        boolean repeat = EXECUTIONS_BY_KEY.containsKey(key);
        String id = EXECUTIONS_BY_KEY.computeIfAbsent(key, k -> "exec-" + NEXT.incrementAndGet());
        if (!repeat) {
            register(execution(id, request.path("planId").asText(null), request.path("target").asText(null),
                    request.path("incidentId").asText(null), request.path("dryRun").asBoolean(false)), "RUNNING");
        }
        respond(exchange, repeat ? 200 : 202, body(id));
    }

    private static String body(String id) {
        Map<String, Object> fields = EXECUTIONS.get(id);
        String status = STATUS.get(id);
        if (fields == null || status == null) {
            return null;
        }
        Map<String, Object> execution = new LinkedHashMap<>(fields);
        execution.put("status", status);
        execution.put("endedAt", status.equals("RUNNING") ? null : "2026-01-01T10:30:00Z");
        try {
            JsonNode node = JSON.valueToTree(execution);
            JsonNode steps = JSON.readTree(STEPS);
            if (FAILING_STEP.contains(String.valueOf(fields.get("target")))) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) steps.get(1)).put("status", "FAILED")
                        .put("error", "deployment checkout has no revision 2");
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("steps", steps);
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like executor-service: only decision-service's own key opens these endpoints. */
    private static boolean authorised(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (TestKeys.bearer(Services.DECISION).equals(auth)) {
            return true;
        }
        UNAUTHORISED.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth=" + auth);
        exchange.getRequestBody().readAllBytes();
        respond(exchange, 401, "{\"type\": \"urn:rewind:problem:unauthorized\", \"status\": 401, \"detail\": \"no key\"}");
        return false;
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
        synchronized (ExecutorServiceStub.class) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }
}
