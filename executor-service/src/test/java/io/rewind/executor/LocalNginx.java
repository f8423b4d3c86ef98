package io.rewind.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx (Debian {@code nginx-light}) in the foreground, with its own prefix, configuration, pid file, temporary
 * paths and logs in a temporary directory, listening on 127.0.0.1 and a free port, proxying to the servers listed in
 * its upstream include file. {@link #close()} stops only the process this started.
 */
public final class LocalNginx implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/nginx";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path prefix;
    private final int port;
    private final Process process;

    /** Starts nginx proxying every request to the upstream {@code app}, whose servers {@code include} lists. */
    public LocalNginx(String include) throws IOException, InterruptedException {
        prefix = Files.createTempDirectory("rewind-nginx-");
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Files.writeString(includeFile(), include);
        port = freePort();
        String p = prefix.toString();
        Files.writeString(config(), """
                worker_processes 1;
                pid %1$s/logs/nginx.pid;
                error_log %1$s/logs/error.log notice;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream app {
                        include %2$s;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://app;
                        }
                    }
                }
                """.formatted(p, includeFile(), port));
        process = new ProcessBuilder(BINARY, "-p", p, "-c", config().toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"))
                        + Files.readString(prefix.resolve("logs/error.log")));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("nginx did not listen on port " + port + " within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path prefix() {
        return prefix;
    }

    public Path config() {
        return prefix.resolve("conf/nginx.conf");
    }

    public Path includeFile() {
        return prefix.resolve("conf/app-upstream.conf");
    }

    /** What nginx logged, for assertion messages. */
    public String errorLog() throws IOException {
        Path log = prefix.resolve("logs/error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public record Response(int status, String body) {
    }

    /**
     * One GET on its own connection ({@code Connection: close}), so a reload's closing of idle kept-alive connections
     * cannot be mistaken for a failed request: every failure counted is one a new client would see.
     */
    public Response get(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || headerEnd < 0) {
                throw new IOException("not an HTTP response: '" + response + "'");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            return new Response(status, response.substring(headerEnd + 4));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // SIGTERM to the master this started: a fast shutdown that also ends its workers.
        process.destroy();
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
