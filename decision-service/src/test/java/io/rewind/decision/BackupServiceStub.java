package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/**
 * backup-service's readiness endpoint as recorded answers (the WireMock pattern, with the JDK's HTTP server), on a free
 * port of 127.0.0.1. Tests set the next answer and read the requests it received. It answers decision-service's own key
 * ({@code rewind.service-key}, which it configures) and refuses any other with 401, as backup-service does.
 */
public class BackupServiceStub implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static volatile int status = 200;
    private static volatile String body = "{}";
    public static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();

    public static void answer(int httpStatus, String json) {
        status = httpStatus;
        body = json;
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
            byte[] bytes = (authorised ? body : "{\"type\": \"urn:rewind:problem:unauthorized\", \"status\": 401}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorised ? status : 401, bytes.length);
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
