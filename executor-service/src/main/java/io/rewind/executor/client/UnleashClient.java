package io.rewind.executor.client;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

import io.rewind.executor.action.StepFailure;
import io.rewind.executor.config.ExecutorConfig;

/**
 * Reads and turns a feature's environment on Unleash servers, with the admin API token of executor configuration
 * ({@code rewind.executor.unleash.token}), never one from a plan. Unleash refusing (an unknown project, feature or
 * environment, a token without the right) is a {@link StepFailure}; anything else an exception the worker retries.
 * Turning on or off is idempotent on Unleash's side, so both reads and writes are retried.
 */
@ApplicationScoped
public class UnleashClient {

    private final ExecutorConfig config;
    private final Map<String, UnleashApi> clients = new ConcurrentHashMap<>();

    public UnleashClient(ExecutorConfig config) {
        this.config = config;
    }

    /** The server's base URL: plans may name it with or without the trailing {@code /api}. */
    static String base(String url) {
        String base = url.replaceAll("/+$", "");
        return base.endsWith("/api") ? base.substring(0, base.length() - "/api".length()) : base;
    }

    private UnleashApi api(String url) {
        return clients.computeIfAbsent(base(url), base -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(base))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS).build(UnleashApi.class));
    }

    private String token() {
        return config.unleash().token().filter(t -> !t.isBlank()).orElseThrow(() -> new StepFailure(
                "no Unleash admin API token is configured on executor-service (REWIND_UNLEASH_TOKEN)"));
    }

    /** Whether the feature is enabled in the environment. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public boolean enabled(String url, String project, String feature, String environment) {
        UnleashViews.Feature found;
        try {
            found = api(url).feature(token(), project, feature);
        } catch (WebApplicationException e) {
            throw refusal(e.getResponse(), "reading feature " + project + "/" + feature);
        }
        if (found.environments() == null) {
            throw new StepFailure("Unleash feature " + project + "/" + feature + " has no environments");
        }
        return found.environments().stream().filter(e -> environment.equals(e.name())).findFirst()
                .orElseThrow(() -> new StepFailure("Unleash feature " + project + "/" + feature + " has no environment '"
                        + environment + "' (it has " + String.join(", ", found.environments().stream()
                                .map(UnleashViews.Environment::name).toList()) + ")"))
                .enabled();
    }

    /** Turns the feature on or off in the environment. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public void turn(String url, String project, String feature, String environment, boolean on) {
        try (Response response = api(url).turn(token(), project, feature, environment, on ? "on" : "off")) {
            if (response.getStatus() >= 300) {
                throw refusal(response, "turning " + project + "/" + feature + " " + (on ? "on" : "off") + " in " + environment);
            }
        } catch (WebApplicationException e) {
            throw refusal(e.getResponse(), "turning " + project + "/" + feature + " " + (on ? "on" : "off") + " in " + environment);
        }
    }

    private static RuntimeException refusal(Response response, String doing) {
        int status = response.getStatus();
        String message = "Unleash refused " + doing + " (HTTP " + status + detail(response) + ")";
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new StepFailure(message);
        }
        return new IllegalStateException(message);
    }

    private static String detail(Response response) {
        try {
            String body = response.readEntity(String.class);
            return body == null || body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
