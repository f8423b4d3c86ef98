package io.rewind.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real nginx (Debian's {@code nginx-light}) in the foreground, with its own prefix, configuration, pid file, temporary
 * paths and logs, listening on 127.0.0.1 and a free port, proxying every request to the upstream {@code upstream}, whose
 * servers its include file {@code conf/<upstream>-upstream.conf} lists, as deploy tools rewrite it. {@link #close()}
 * stops only the process this started (and deletes a temporary prefix).
 */
public final class LocalNginx implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/nginx";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path prefix;
    private final boolean temporary;
    private final String upstream;
    private final int port;
    private final LocalProcess process;

    private LocalNginx(Path prefix, boolean temporary, String upstream, String include) throws IOException {
        this.prefix = prefix;
        this.temporary = temporary;
        this.upstream = upstream;
        for (String dir : List.of("conf", "logs", "temp")) {
            Files.createDirectories(prefix.resolve(dir));
        }
        Files.writeString(includeFile(), include);
        port = LocalProcess.freePort();
        Files.writeString(config(), """
                worker_processes 1;
                pid %1$s/logs/nginx.pid;
                error_log %1$s/logs/error.log notice;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream %4$s {
                        include %2$s;
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_pass http://%4$s;
                        }
                    }
                }
                """.formatted(prefix, includeFile(), port, upstream));
        process = LocalProcess.start("nginx", List.of(BINARY, "-p", prefix.toString(), "-c", config().toString(), "-g",
                "daemon off;"), java.util.Map.of(), prefix, prefix.resolve("logs/stdout.log"));
    }

    /** Starts nginx in a temporary prefix, deleted on {@link #close()}, and waits until it accepts connections. */
    public static LocalNginx start(String upstream, String include) {
        try {
            return start(Files.createTempDirectory("rewind-nginx-"), true, upstream, include);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts nginx with its prefix in {@code prefix} (kept), and waits until it accepts connections. */
    public static LocalNginx start(Path prefix, String upstream, String include) {
        return start(prefix, false, upstream, include);
    }

    private static LocalNginx start(Path prefix, boolean temporary, String upstream, String include) {
        LocalProcess.requireExecutable(Path.of(BINARY), "deploy/local/install-deps");
        try {
            LocalNginx nginx = new LocalNginx(prefix.toAbsolutePath(), temporary, upstream, include);
            nginx.awaitAccepting();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code server 127.0.0.1:<port>;} lines, as an upstream include lists its servers. */
    public static String servers(int... ports) {
        StringBuilder include = new StringBuilder();
        for (int p : ports) {
            include.append("server 127.0.0.1:").append(p).append(";\n");
        }
        return include.toString();
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                String errors = errorLog();
                close();
                throw new IllegalStateException("nginx exited: " + process.tail() + errors);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("nginx did not listen on port " + port + " within " + PATIENCE);
            }
            LocalProcess.pause();
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
        return prefix.resolve("conf/" + upstream + "-upstream.conf");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What nginx logged, for assertion messages. */
    public String errorLog() throws IOException {
        Path log = prefix.resolve("logs/error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** What a deploy tool does to send traffic elsewhere: rewrite the include, check the configuration, reload. */
    public void switchTo(String include) throws IOException, InterruptedException {
        Files.writeString(includeFile(), include);
        signal(List.of("-t"));
        signal(List.of("-s", "reload"));
    }

    private void signal(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "-p", prefix.toString(), "-c", config().toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("nginx " + String.join(" ", args) + " failed: " + output);
        }
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
    public void close() throws IOException {
        // SIGTERM to the master this started: a fast shutdown that also ends its workers.
        process.close();
        if (temporary) {
            try (Stream<Path> files = Files.walk(prefix)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
