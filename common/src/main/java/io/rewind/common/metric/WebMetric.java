package io.rewind.common.metric;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.common.secret.SecretResolver;
import io.rewind.common.web.BaseUrls;
import io.rewind.common.web.Snippets;

/**
 * Measures a web metric: asks a {@link WebSource} the {@link WebQuery}'s path, with the source's headers, and reads one
 * finite number out of the JSON answer by the query's JSONPath. Blocking (at most the source's timeout, for the whole
 * exchange): call it off an event loop.
 *
 * <p>The URL is the source's base URL followed by the query's path, checked to stay under it ({@link BaseUrls#under}).
 * Redirects are never followed, so the headers (API keys) go to the configured base URL and nowhere else. Answers are
 * read up to {@value #MAX_ANSWER} bytes. Every failure is a {@link Failed} whose message a viewer may read: the URL
 * asked, the HTTP status or what the JSONPath matched; never a header, a secret or a Java class name, and nothing of
 * an error answer's body (which may echo a key).
 */
public final class WebMetric {

    public static final int MAX_ANSWER = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final SecretResolver secrets;

    public WebMetric(SecretResolver secrets) {
        this.secrets = secrets;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(WebSource.MAX_TIMEOUT_SECONDS)).build();
    }

    /** Why a web metric gives no number, in words a viewer may read. */
    public static final class Failed extends RuntimeException {

        public Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** A header's secret reference gives no value: the source's configuration must change, asking again will not do. */
    public static final class SecretUnresolved extends RuntimeException {

        public SecretUnresolved(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code GET https://api.example.com/api/v1/query?...}: what is asked, for messages and dry runs. */
    public static String describe(WebSource source, WebQuery query) {
        return query.methodOrDefault() + " " + source.baseUrl() + query.path() + (query.query() == null
                || query.query().isEmpty() ? "" : " with query " + query.query()) + ", value at " + query.jsonPath();
    }

    /** The one number {@code query} selects in {@code source}'s answer now; a {@link Failed} saying why not. */
    public double measure(WebSource source, WebQuery query) {
        String target = query.pathAndQuery(Instant.now());
        URI uri = BaseUrls.under(source.baseUrl(), target);
        if (uri == null) {
            throw new Failed("path " + Snippets.of(query.path()) + " leaves " + source.baseUrl()
                    + ": a web metric asks only paths under its source's base URL");
        }
        String shown = query.methodOrDefault() + " " + Snippets.of(source.baseUrl() + query.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(source.timeout())
                .header("Accept", "application/json");
        if ("POST".equals(query.methodOrDefault())) {
            String body = query.bodyText();
            request.header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.GET();
        }
        source.resolveHeaders(secrets).forEach(request::setHeader);
        HttpResponse<byte[]> response = send(request.build(), source.timeout(), shown);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new Failed(shown + " answered HTTP " + status + " (a redirect, which is not followed: the path must be "
                    + "the API itself)");
        }
        if (status < 200 || status >= 300) {
            throw new Failed(shown + " answered HTTP " + status);
        }
        Object document;
        try {
            document = response.body().length == 0 ? null : JSON.readValue(response.body(), Object.class);
        } catch (IOException e) {
            document = null;
        }
        if (document == null) {
            String type = response.headers().firstValue("Content-Type").orElse("none");
            throw new Failed(shown + " answered HTTP " + status + " with something that is not JSON (content type "
                    + Snippets.of(type) + ")");
        }
        try {
            return JsonPaths.number(document, query.jsonPath());
        } catch (Failed e) {
            throw new Failed(shown + ": " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, Duration timeout, String shown) {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> new Capped());
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Failed(shown + " did not answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failed(shown + " was interrupted");
        } catch (ExecutionException e) {
            throw new Failed(shown + " " + unanswered(e.getCause(), timeout));
        }
    }

    /** Why no answer came, without exception class names. */
    private static String unanswered(Throwable cause, Duration timeout) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return "answered more than " + MAX_ANSWER / 1024 + " KiB";
            }
            if (t instanceof HttpTimeoutException) {
                return "did not answer within " + timeout.toSeconds() + "s";
            }
            if (t instanceof ConnectException) {
                return "is unreachable (connection refused or no route)";
            }
        }
        String message = cause == null ? null : cause.getMessage();
        return "could not be asked" + (message == null || message.isBlank() ? "" : " (" + Snippets.of(message) + ")");
    }

    private static final class TooLarge extends IOException {

        TooLarge() {
            super("answer too large", null);
        }
    }

    /** Collects an answer's body, giving up past {@link #MAX_ANSWER} bytes. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
