package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 and a free port, for smoke-test steps: it answers with the queued responses in turn,
 * then keeps answering with the last one, and counts the requests it got.
 */
public final class LocalHttpServer implements AutoCloseable {

    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastMethod;

    public LocalHttpServer(Answer... answers) throws IOException {
        for (Answer answer : answers) {
            this.answers.add(answer);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            lastMethod = exchange.getRequestMethod();
            Answer answer;
            synchronized (this.answers) {
                answer = this.answers.size() > 1 ? this.answers.poll() : this.answers.peek();
            }
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

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int requests() {
        return requests.get();
    }

    public String lastMethod() {
        return lastMethod;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
