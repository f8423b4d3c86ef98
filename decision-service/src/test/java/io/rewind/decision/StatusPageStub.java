package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** status-service's public incidents.json as a recorded answer, holding the incident executions report opening. */
public class StatusPageStub implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v2/incidents.json", exchange -> {
            byte[] body = """
                    {"page": {"id": "rewind"}, "incidents": [{"id": "%s", "name": "Checkout errors", "status": "resolved",
                      "incident_updates": [
                        {"status": "resolved", "body": "Checkout works again.", "created_at": "2026-01-01T10:40:00Z"},
                        {"status": "monitoring", "body": "We rolled back and are watching.", "created_at": "2026-01-01T10:25:00Z"},
                        {"status": "identified", "body": "We are rolling back checkout.", "created_at": "2026-01-01T10:20:01Z"}]}]}
                    """.formatted(ExecutorServiceStub.STATUS_INCIDENT).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.status-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
