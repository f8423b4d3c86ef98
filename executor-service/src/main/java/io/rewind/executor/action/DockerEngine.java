package io.rewind.executor.action;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The Docker Engine API (v1.41, which Docker 20.10 and later and Podman 4 serve) over the engine's unix socket, spoken
 * with the JDK alone: one HTTP/1.1 request per connection, {@code Connection: close}, a response read to its end
 * (chunked or with a length). {@code java.net.http} does not reach unix sockets, and a Docker client library would pull
 * in a second HTTP stack for a dozen calls.
 *
 * <p>An answer of 400 or more from the engine is a {@link StepFailure} quoting the engine's message ("Error response
 * from daemon: ..."), as the docker CLI shows it: the engine decided, and asking again would not change its mind. A
 * socket that cannot be reached, or an engine that does not answer within the timeout, is an {@link UncheckedIOException},
 * which the worker retries until the step's timeout (the engine may be restarting).
 */
final class DockerEngine {

    static final String API = "/v1.41";
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rewind-docker-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final String socket;
    private final ObjectMapper json;
    private final Duration timeout;

    DockerEngine(String socket, ObjectMapper json, Duration timeout) {
        this.socket = socket;
        this.json = json;
        this.timeout = timeout;
    }

    /** An engine's answer. */
    record Response(int status, JsonNode body) {

        boolean ok() {
            return status < 400;
        }
    }

    /** {@code GET path}; null on 404. */
    JsonNode get(String path) {
        Response response = call("GET", API + path, null);
        return response.status() == 404 ? null : require(response, "GET " + path);
    }

    /** {@code method path} with a JSON body (or none); the answer's body, a {@link StepFailure} for a refusal. */
    JsonNode send(String method, String path, Object body) {
        return require(call(method, API + path, body), method + " " + path);
    }

    private static JsonNode require(Response response, String what) {
        if (!response.ok()) {
            throw new StepFailure("Error response from daemon: " + message(response) + " (" + what + ", HTTP "
                    + response.status() + ")");
        }
        return response.body();
    }

    /** The engine's own words: its {@code message} (Docker) or {@code cause} (Podman) field. */
    static String message(Response response) {
        JsonNode body = response.body();
        String text = body.path("message").asText(body.path("cause").asText(""));
        return text.isBlank() ? body.toString() : text;
    }

    /** One request to {@code path} (with its API version); any answer the engine gives, a 404 or 500 included. */
    Response call(String method, String path, Object body) {
        byte[] payload = body == null ? new byte[0] : writeJson(body);
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: docker\r\nConnection: close\r\nAccept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        try (SocketChannel channel = connect()) {
            // A blocking channel has no read timeout: closing it from another thread ends a read that hangs.
            ScheduledFuture<?> deadline = TIMEOUTS.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                write(channel, head.toString().getBytes(StandardCharsets.US_ASCII));
                write(channel, payload);
                return read(new BufferedInputStream(Channels.newInputStream(channel)));
            } catch (IOException e) {
                throw new UncheckedIOException(deadline.isDone() ? "the Docker engine at unix://" + socket
                        + " did not answer " + method + " " + path + " within " + timeout.toSeconds() + "s" : e.getMessage(), e);
            } finally {
                deadline.cancel(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to the Docker engine at unix://" + socket
                    + ". Is the engine running? (" + e.getMessage() + ")", e);
        }
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing only ends a read that hung; nothing is left to clean up.
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private Response read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("the Docker engine answered with something other than HTTP: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                copy(in, body, size);
                line(in);
            }
        } else if (length >= 0) {
            copy(in, body, length);
        } else if (code != 204 && code != 304) {
            copyToEnd(in, body);
        }
        byte[] bytes = body.toByteArray();
        JsonNode parsed = bytes.length == 0 ? MissingNode.getInstance() : parse(bytes);
        return new Response(code, parsed);
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            // Some answers are plain text (an error from a proxy in front of the socket): keep them readable.
            return json.createObjectNode().put("message", new String(bytes, StandardCharsets.UTF_8).strip());
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long count) throws IOException {
        if (out.size() + count > MAX_BODY) {
            throw new IOException("the Docker engine's answer is larger than " + MAX_BODY + " bytes");
        }
        byte[] bytes = in.readNBytes((int) count);
        if (bytes.length < count) {
            throw new IOException("the Docker engine closed the connection in the middle of its answer");
        }
        out.write(bytes);
    }

    /** A body without a length: what comes until the engine closes the connection, bounded. */
    private static void copyToEnd(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("the Docker engine's answer is larger than " + MAX_BODY + " bytes");
        }
        out.write(bytes);
    }

    /** One header line, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the Docker engine closed the connection in the middle of its answer");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("a header line of the Docker engine's answer is too long");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private byte[] writeJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ?filters=...} for the engine's list calls: {@code {"label": ["a=b", ...]}}. */
    String filters(Map<String, List<String>> filters) {
        return "filters=" + URLEncoder.encode(new String(writeJson(filters), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every element of an array node (none for anything else). */
    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(list::add);
        }
        return list;
    }
}
