package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/**
 * backup-service's readiness endpoint (and the backups and verifications a release preflight asks for) as recorded answers (the WireMock pattern, with the JDK's HTTP server), on a free
 * port of 127.0.0.1. Tests set the next answer and read the requests it received. It answers decision-service's own key
 * ({@code rewind.service-key}, which it configures) and refuses any other with 401, as backup-service does.
 */
public class BackupServiceStub implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static volatile int status = 200;
    private static volatile String body = "{}";
    public static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();
    /** Each authorised request as {@code METHOD path body}, for the calls a release preflight makes. */
    public static final Queue<String> CALLS = new ConcurrentLinkedQueue<>();
    private static final Map<String, String[]> ROUTES = new ConcurrentHashMap<>();

    public static void answer(int httpStatus, String json) {
        status = httpStatus;
        body = json;
    }

    /**
     * Answers {@code METHOD path} (path without the query) with this status and body, before the default answer:
     * tests that use their own database names do not disturb each other's answers.
     */
    public static void route(String method, String path, int httpStatus, String json) {
        ROUTES.put(method + " " + path, new String[] { Integer.toString(httpStatus), json });
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            REQUESTS.add(exchange.getRequestURI().toString() + " auth=" + auth);
            // Like backup-service: only decision-service's own key opens the readiness endpoint.
            boolean authorised = TestKeys.bearer(Services.DECISION).equals(auth);
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            if (authorised) {
                CALLS.add(key + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            String[] routed = ROUTES.get(key);
            int answerStatus = routed != null ? Integer.parseInt(routed[0]) : status;
            String answerBody = routed != null ? routed[1] : body;
            byte[] bytes = (authorised ? answerBody : "{\"type\": \"urn:rewind:problem:unauthorized\", \"status\": 401}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorised ? answerStatus : 401, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.backup-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "rewind.service-key", TestKeys.serviceKey(Services.DECISION));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
