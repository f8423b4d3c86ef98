package io.rewind.executor.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.config.ExecutorConfig;

/**
 * {@code verify.http}: a smoke test. One request per attempt; an attempt that does not get the expected status (and
 * body) is repeated after {@code rewind.executor.http.retry-delay} while {@code retries} are left, and then fails the
 * step with what the last answer was. Each request is bounded by {@code rewind.executor.http.request-timeout} and by
 * what is left of the step's timeout, whichever is shorter.
 */
@ApplicationScoped
public class HttpCheckAction implements StepAction {

    private static final int MAX_BODY_ECHO = 200;

    private final ExecutorConfig config;
    private final HttpClient client;

    public HttpCheckAction(ExecutorConfig config) {
        this.config = config;
        // Redirects are followed like a browser would: a health URL behind a redirect is still healthy.
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(config.http().requestTimeout()).build();
    }

    @Override
    public StepKind kind() {
        return StepKind.VERIFY_HTTP;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of();
    }

    @Override
    public Preview dryRun(StepContext context) {
        // Not even a GET is sent: a dry run must not touch what it checks, and the method may not be safe.
        return new Preview(Map.of(), Map.of(), "would " + describe(context) + " (not called in a dry run)");
    }

    private static String describe(StepContext context) {
        String text = "call " + context.string("method", "GET") + " " + context.string("url") + " and expect "
                + expectedStatus(context);
        String contains = context.string("bodyContains");
        return contains == null ? text : text + " with a body containing '" + contains + "'";
    }

    private static int expectedStatus(StepContext context) {
        Integer status = context.integer("expectStatus");
        return status == null ? 200 : status;
    }

    @Override
    public Outcome apply(StepContext context) {
        String failure = attempt(context);
        if (failure == null) {
            return new Outcome.Done(Map.of("status", expectedStatus(context)), describe(context).replaceFirst("^call", "called")
                    + ": as expected");
        }
        Integer retries = context.integer("retries");
        int allowed = 1 + (retries == null ? 0 : retries);
        if (context.attempt() < allowed) {
            return new Outcome.Waiting("attempt " + context.attempt() + " of " + allowed + ": " + failure,
                    config.http().retryDelay());
        }
        return new Outcome.Failed(context.string("method", "GET") + " " + context.string("url") + ": " + failure
                + (allowed > 1 ? " (after " + allowed + " attempts)" : ""));
    }

    /** One request; null when the answer is as expected, else what was wrong with it. */
    private String attempt(StepContext context) {
        Duration left = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), context.deadline());
        Duration timeout = left.compareTo(config.http().requestTimeout()) < 0 && !left.isNegative() && !left.isZero()
                ? left : config.http().requestTimeout();
        HttpRequest request = HttpRequest.newBuilder(URI.create(context.string("url")))
                .method(context.string("method", "GET"), HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .header("User-Agent", "rewind-executor")
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return "no answer within " + timeout;
        } catch (IOException e) {
            return "could not connect (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        int expected = expectedStatus(context);
        if (response.statusCode() != expected) {
            return "expected status " + expected + ", got " + response.statusCode() + echo(response.body());
        }
        String contains = context.string("bodyContains");
        if (contains != null && (response.body() == null || !response.body().contains(contains))) {
            return "status " + expected + " as expected, but the body does not contain '" + contains + "'" + echo(response.body());
        }
        return null;
    }

    private static String echo(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        return ": " + (text.length() > MAX_BODY_ECHO ? text.substring(0, MAX_BODY_ECHO) + "..." : text);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        // The request was the verification.
        return Check.ok("checked by the request itself");
    }
}
