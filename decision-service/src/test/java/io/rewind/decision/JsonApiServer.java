package io.rewind.decision;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 answering JSON by path, as the APIs web metrics ask would (Datadog, New Relic,
 * Sentry), recording every request: method, path with query, the headers a test asks about, the body.
 */
public final class JsonApiServer implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String target, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    public JsonApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", values)));
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Request(exchange.getRequestMethod(), path + (exchange.getRequestURI().getRawQuery() == null
                    ? "" : "?" + exchange.getRequestURI().getRawQuery()), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String answer = answers.get(path);
            byte[] body = (answer == null ? "{\"error\": \"not found\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Answers {@code json} at {@code path} from now on. */
    public JsonApiServer answer(String path, String json) {
        answers.put(path, json);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
