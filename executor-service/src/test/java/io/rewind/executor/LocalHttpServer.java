package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a loopback address (127.0.0.1 unless told otherwise) and a free port, for smoke-test and metric
 * steps: it answers with the queued responses in turn, then keeps answering with the last one, and records every
 * request it got (method, path with query, headers): what attack tests assert a listener never received.
 */
public final class LocalHttpServer implements AutoCloseable {

    /** An answer: status, body, and headers such as {@code Location} or {@code Content-Type}. */
    public record Answer(int status, String body, Map<String, String> headers) {

        public Answer(int status, String body) {
            this(status, body, Map.of());
        }

        /** A redirect to {@code location}, with a body that must never show up anywhere. */
        public static Answer redirect(int status, String location) {
            return new Answer(status, "redirect body", Map.of("Location", location));
        }

        /** A JSON answer. */
        public static Answer json(String body) {
            return new Answer(200, body, Map.of("Content-Type", "application/json"));
        }
    }

    /** A request as received; header names in lower case. */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    public LocalHttpServer(Answer... answers) throws IOException {
        this(InetAddress.getLoopbackAddress(), answers);
    }

    /** A server on {@code address}, e.g. {@link #ipv6Loopback()}. */
    public LocalHttpServer(InetAddress address, Answer... answers) throws IOException {
        for (Answer answer : answers) {
            this.answers.add(answer);
        }
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    List.copyOf(values)));
            received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    Map.copyOf(headers)));
            exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (this.answers) {
                answer = this.answers.size() > 1 ? this.answers.poll() : this.answers.peek();
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** ::1, when this machine has IPv6 on its loopback; null otherwise. */
    public static InetAddress ipv6Loopback() {
        try {
            InetAddress address = InetAddress.getByName("::1");
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, address)) {
                return address;
            }
        } catch (IOException e) {
            return null;
        }
    }

    public String url(String path) {
        InetAddress address = server.getAddress().getAddress();
        String host = address instanceof Inet6Address ? address.isLoopbackAddress() ? "[::1]"
                : "[" + address.getHostAddress().replaceAll("%.*$", "") + "]" : address.getHostAddress();
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requests() {
        return received.size();
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    public String lastMethod() {
        return received.isEmpty() ? null : received.get(received.size() - 1).method();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
