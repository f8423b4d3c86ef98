package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * executor-service's plans and executions endpoints as recorded answers (the WireMock pattern), on a port reserved
 * at start-up but not listened on until a test calls {@link #up()}: until then decision-service finds it unreachable,
 * as in an outage. It honours {@code Idempotency-Key} as executor-service does, and counts what it receives.
 */
public class ExecutorServiceStub implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static HttpServer server;
    /** Idempotency-Key → execution id. */
    public static final Map<String, String> EXECUTIONS_BY_KEY = new ConcurrentHashMap<>();
    /** Execution id → status it reports. */
    public static final Map<String, String> STATUS = new ConcurrentHashMap<>();
    /** Services for which it has no plan. */
    public static final Set<String> WITHOUT_PLAN = ConcurrentHashMap.newKeySet();
    public static final AtomicInteger STARTS_RECEIVED = new AtomicInteger();
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
            String service = exchange.getRequestURI().getQuery().replace("service=", "");
            respond(exchange, 200, WITHOUT_PLAN.contains(service) ? "[]"
                    : "[{\"id\": \"plan-" + service + "\", \"name\": \"" + service + "-rollback\", \"service\": \"" + service
                            + "\", \"version\": 1}]");
        });
        server.createContext("/api/executions", exchange -> {
            if ("POST".equals(exchange.getRequestMethod())) {
                STARTS_RECEIVED.incrementAndGet();
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                boolean repeat = EXECUTIONS_BY_KEY.containsKey(key);
                String id = EXECUTIONS_BY_KEY.computeIfAbsent(key, k -> "exec-" + NEXT.incrementAndGet());
                STATUS.putIfAbsent(id, "RUNNING");
                respond(exchange, repeat ? 200 : 202, "{\"id\": \"" + id + "\", \"status\": \"" + STATUS.get(id) + "\"}");
            } else {
                String id = exchange.getRequestURI().getPath().substring("/api/executions/".length());
                String status = STATUS.get(id);
                respond(exchange, status == null ? 404 : 200, status == null ? "{}"
                        : "{\"id\": \"" + id + "\", \"status\": \"" + status + "\", \"endedAt\": "
                                + (status.equals("RUNNING") ? "null" : "\"2026-01-01T10:30:00Z\"") + ", \"steps\": " + STEPS + "}");
            }
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
