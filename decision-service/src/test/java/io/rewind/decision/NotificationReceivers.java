package io.rewind.decision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * The real receivers notification tests send to, on 127.0.0.1: an HTTP server that records every request (a Slack
 * incoming webhook or a webhook receiver) and answers 500 as many times as a path is told to before accepting, or
 * holds each request a while, as a slow receiver does; and GreenMail, a real SMTP server.
 */
public final class NotificationReceivers implements AutoCloseable {

    /** One request as the receiver got it: its path, headers (lower-case names) and exact body. */
    public record Request(String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public final List<Request> received = new CopyOnWriteArrayList<>();
    /** Path → how many more requests to it are answered 500; -1 for always. */
    public final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();
    /** Path → milliseconds each request to it is held before the answer. */
    public final Map<String, Integer> slow = new ConcurrentHashMap<>();
    private final HttpServer http;
    public final GreenMail smtp;
    public final int smtpPort;

    public NotificationReceivers() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                smtpPort = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Request(path, headers, body));
            Integer hold = slow.get(path);
            if (hold != null) {
                try {
                    Thread.sleep(hold);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            AtomicInteger failures = failing.get(path);
            boolean fail = failures != null && (failures.get() < 0 || failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
            exchange.sendResponseHeaders(fail ? 500 : 200, -1);
            exchange.close();
        });
        http.start();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    public List<Request> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        http.stop(0);
        smtp.stop();
    }
}
