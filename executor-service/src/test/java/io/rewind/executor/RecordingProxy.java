package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A forwarding proxy on 127.0.0.1 in front of a real server (Unleash): it records each request's method, path and
 * {@code Idempotency-Key}, passes it on with its headers and body, and relays the answer. It can answer the next
 * request(s) of a method with 503 itself, without passing them on, as a gateway that dropped them would.
 */
public final class RecordingProxy implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String path, String idempotencyKey) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile String failMethod;

    public RecordingProxy(String upstream) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            received.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (method.equals(failMethod) && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + path))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                exchange.close();
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers the next {@code count} requests of {@code method} with 503 without passing them on. */
    public void failNext(String method, int count) {
        failMethod = method;
        failNext.set(count);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
