package io.rewind.executor.action;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.common.web.BaseUrls;
import io.rewind.executor.StepKind;
import io.rewind.executor.client.Snippets;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.HttpCheckParams;
import io.rewind.executor.target.HttpTarget;

/**
 * {@code verify.http}: a smoke test of a path under the step's {@code http} target. One request per attempt; an attempt
 * that does not get the expected status (and body) is repeated after {@code rewind.executor.http.retry-delay} while
 * {@code retries} are left, and then fails the step with what the last answer was. Each request is bounded by
 * {@code rewind.executor.http.request-timeout} and by what is left of the step's timeout, whichever is shorter.
 *
 * <p>The URL is the target's {@code baseUrl} followed by the step's {@code path} ({@link HttpCheckParams} refuses paths
 * that could leave it), and is checked again after it is built: the same scheme, host and port as the base, a path under
 * the base's path (at a segment boundary), no {@code .} or {@code ..} segment, plain or percent-encoded. The target is
 * what an admin allowed the executor to call; a step must not turn the executor into a client of anything else.
 *
 * <p>Redirects are therefore followed here, not by the HTTP client: at most {@value #MAX_REDIRECTS}, each only when its
 * {@code Location} passes the same check. A redirect elsewhere fails the step at once, naming the status and the
 * origin it pointed to, and nothing of its body. A redirect whose status is the expected one is the answer, not
 * followed. Bodies are read up to {@value #MAX_BODY} bytes, and any body quoted in an error is a short snippet
 * without control characters: a check's error is shown to every viewer of the execution.
 *
 * <p>A check whose method changes something (POST, PUT, PATCH, DELETE: anything but {@link #SAFE_METHODS}) sends the
 * step's {@code Idempotency-Key}, the same on every attempt, retry and resumption, so a receiver that honours it can
 * tell a repeat from a new request (a worker killed while the request was in flight resends it when the step is
 * resumed). GET, HEAD and OPTIONS are sent without one: reading again is harmless.
 */
@ApplicationScoped
public class HttpCheckAction implements StepAction {

    static final int MAX_REDIRECTS = 5;
    static final int MAX_BODY = 1024 * 1024;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** RFC 9110's safe methods: a check with one of them only reads, and may be repeated freely. */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ExecutorConfig config;
    private final HttpClient client;

    public HttpCheckAction(ExecutorConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.http().requestTimeout()).build();
    }

    @Override
    public StepKind kind() {
        return StepKind.VERIFY_HTTP;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        url(context);
        return Map.of();
    }

    @Override
    public Preview dryRun(StepContext context) {
        // Not even a GET is sent: a dry run must not touch what it checks, and the method may not be safe.
        url(context);
        return new Preview(Map.of(), Map.of(), "would " + describe(context) + " (not called in a dry run)");
    }

    private static HttpCheckParams params(StepContext context) {
        return context.params(HttpCheckParams.class);
    }

    private static String describe(StepContext context) {
        HttpCheckParams params = params(context);
        String text = "call " + params.method() + " " + text(context) + " and expect " + params.expectStatus();
        return params.bodyContains() == null ? text : text + " with a body containing '" + params.bodyContains() + "'";
    }

    /** The URL as configured and asked for, for messages. */
    private static String text(StepContext context) {
        return context.target(HttpTarget.class).baseUrl() + params(context).path();
    }

    /**
     * The URL to call: the target's base URL and the step's path, checked to stay within the base. A step stored before
     * an admin changed the target, or one that slipped past validation, fails here rather than call elsewhere.
     */
    static URI url(StepContext context) {
        HttpTarget target = context.target(HttpTarget.class);
        URI base = URI.create(target.baseUrl());
        String path = params(context).path();
        URI uri;
        try {
            uri = new URI(target.baseUrl() + path);
        } catch (URISyntaxException e) {
            throw new StepFailure("path " + Snippets.of(path) + " does not make a URL under target '"
                    + context.target().name() + "' (" + target.baseUrl() + ")");
        }
        if (!within(base, uri)) {
            throw new StepFailure("path " + Snippets.of(path) + " leaves target '" + context.target().name() + "' ("
                    + target.baseUrl() + "): a verify.http step calls only paths under its target's base URL");
        }
        return uri;
    }

    /** Whether {@code uri} is under {@code base}: {@link BaseUrls#within}. */
    static boolean within(URI base, URI uri) {
        return BaseUrls.within(base, uri);
    }

    /** {@code scheme://host:port} of {@code uri}: what a message may say of where a redirect pointed. */
    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + BaseUrls.port(uri);
    }

    @Override
    public Outcome apply(StepContext context) {
        HttpCheckParams params = params(context);
        String failure = attempt(context);
        if (failure == null) {
            return new Outcome.Done(Map.of("status", params.expectStatus()),
                    describe(context).replaceFirst("^call", "called") + ": as expected");
        }
        int allowed = 1 + params.retries();
        if (context.attempt() < allowed) {
            return new Outcome.Waiting("attempt " + context.attempt() + " of " + allowed + ": " + failure,
                    config.http().retryDelay());
        }
        return new Outcome.Failed(params.method() + " " + text(context) + ": " + failure
                + (allowed > 1 ? " (after " + allowed + " attempts)" : ""));
    }

    /** One check, following redirects within the target; null when the answer is as expected, else what was wrong. */
    private String attempt(StepContext context) {
        HttpCheckParams params = params(context);
        URI base = URI.create(context.target(HttpTarget.class).baseUrl());
        URI uri = url(context);
        String method = params.method();
        Duration left = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), context.deadline());
        Duration timeout = left.compareTo(config.http().requestTimeout()) < 0 && !left.isNegative() && !left.isZero()
                ? left : config.http().requestTimeout();
        for (int redirects = 0;; redirects++) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(timeout)
                    .header("User-Agent", "rewind-executor");
            String key = SAFE_METHODS.contains(method) ? null : context.idempotencyKey("http");
            if (key != null) {
                builder.header(IDEMPOTENCY_KEY, key);
            }
            HttpRequest request = builder.build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return "no answer within " + timeout;
            } catch (IOException e) {
                return "could not connect (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : Snippets.of(e.getMessage())) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            int status = response.statusCode();
            if (REDIRECTS.contains(status) && status != params.expectStatus()) {
                discard(response);
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    return "expected status " + params.expectStatus() + ", got " + status + " without a Location";
                }
                URI next = resolve(uri, location.get());
                if (next == null || !within(base, next)) {
                    throw new StepFailure(params.method() + " " + text(context) + " was redirected outside target '"
                            + context.target().name() + "' (HTTP " + status + " to "
                            + (next == null || !next.isAbsolute() || next.getHost() == null ? "an unreadable Location"
                                    : origin(next) + (origin(next).equals(origin(base)) ? ", outside the base path" : ""))
                            + "): redirects are followed only within " + base + "; nothing was sent there");
                }
                if (redirects == MAX_REDIRECTS) {
                    return "more than " + MAX_REDIRECTS + " redirects";
                }
                // As browsers and the JDK's own client do: 303, and 301 or 302 after a POST, continue with a GET.
                if (status == 303 || (status == 301 || status == 302) && method.equals("POST")) {
                    method = "GET";
                }
                uri = next;
                continue;
            }
            String body = read(response);
            if (status != params.expectStatus()) {
                return "expected status " + params.expectStatus() + ", got " + status + echo(body);
            }
            String contains = params.bodyContains();
            if (contains != null && (body == null || !body.contains(contains))) {
                return "status " + status + " as expected, but the body does not contain '" + contains + "'" + echo(body);
            }
            return null;
        }
    }

    /** {@code location} resolved against the URL that answered, without its fragment; null when unreadable. */
    private static URI resolve(URI from, String location) {
        try {
            return stripFragment(from.resolve(new URI(location)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static URI stripFragment(URI uri) throws URISyntaxException {
        if (uri.getRawFragment() == null) {
            return uri;
        }
        String text = uri.toString();
        return new URI(text.substring(0, text.indexOf('#')));
    }

    /** The body as text, at most {@link #MAX_BODY} bytes of it: enough for any health answer. */
    private static String read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // The connection is dropped instead of reused; nothing of the redirect's body is wanted.
        }
    }

    private static String echo(String body) {
        String snippet = Snippets.of(body);
        return snippet.isEmpty() ? "" : ": " + snippet;
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        // The request was the verification.
        return Check.ok("checked by the request itself");
    }
}
