package io.rewind.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The demo's REST calls: JSON in and out, a bearer key per call, and any answer outside the expected statuses turned
 * into a {@link Failure} that quotes the service's problem document, so a broken step says what went wrong. The
 * {@code key} arguments are whole {@code Authorization} header values ({@link #bearer}; Unleash takes its token bare).
 */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    JsonNode get(String url, String key) {
        return send(request(url, key).GET().build(), 200);
    }

    String text(String url, String key) {
        HttpResponse<String> response = exchange(request(url, key).GET().build());
        expect(response, 200);
        return response.body();
    }

    JsonNode post(String url, String key, Object body, int... expected) {
        return send(request(url, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build(), expected);
    }

    JsonNode put(String url, String key, Object body, int... expected) {
        return send(request(url, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))).build(), expected);
    }

    /** Status code of a plain GET, or -1 when nothing answered. */
    int status(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /**
     * Follows a server-sent event stream until it ends, handing each event's JSON data to {@code onEvent}.
     */
    void events(String url, String key, Consumer<JsonNode> onEvent) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", key)
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new Failure("GET " + url + " answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> line.startsWith("data:")).forEach(line -> onEvent.accept(read(line.substring(5).trim())));
            }
        } catch (IOException e) {
            throw new Failure("GET " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private static HttpRequest.Builder request(String url, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept",
                "application/json, text/markdown, text/plain");
        return key == null ? builder : builder.header("Authorization", key);
    }

    private JsonNode send(HttpRequest request, int... expected) {
        HttpResponse<String> response = exchange(request);
        expect(response, expected.length == 0 ? new int[] {200, 201, 202} : expected);
        return response.body().isEmpty() ? JSON.nullNode() : read(response.body());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(request.method() + " " + request.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private static void expect(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return;
            }
        }
        HttpRequest request = response.request();
        throw new Failure(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                + response.body());
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until {@code done} holds, every half second, failing with what was seen last after {@code patience}. */
    static JsonNode poll(String what, Duration patience, Supplier<JsonNode> read, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("gave up waiting for " + what + " after " + Narrator.seconds(patience)
                        + "; last seen: " + value);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted");
            }
        }
    }
}
