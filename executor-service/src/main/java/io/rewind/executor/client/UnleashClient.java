package io.rewind.executor.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.target.UnleashTarget;

/**
 * Reads and turns a feature's environment on the Unleash server of an {@code unleash} target, with that target's admin
 * API token (a secret reference an admin configured, resolved at each call so a rotated token is used at once), sent to
 * that target's URL only: never to a URL from a step, and never after a redirect. Unleash refusing (an unknown project,
 * feature or environment, a token without the right) or redirecting is a {@link StepFailure}; anything else an exception
 * the worker retries. Turning on or off is idempotent on Unleash's side, so both reads and writes are retried.
 */
@ApplicationScoped
public class UnleashClient {

    private final TargetRestClients<UnleashApi> clients = new TargetRestClients<>(UnleashApi.class);

    /** The server's base URL: targets may name it with or without the trailing {@code /api}. */
    static String base(String url) {
        String base = url.replaceAll("/+$", "");
        return base.endsWith("/api") ? base.substring(0, base.length() - "/api".length()) : base;
    }

    private UnleashApi api(String url) {
        // A redirect would carry the token's header to wherever it points: Unleash's admin API never redirects.
        return clients.at(base(url));
    }

    private static String token(UnleashTarget target) {
        SecretReference ref = target.token();
        return ref.resolve().filter(t -> !t.isBlank())
                .orElseThrow(() -> new StepFailure("no Unleash token: " + ref.describe() + " is not set"));
    }

    /** Whether the feature is enabled in the environment. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public boolean enabled(UnleashTarget target, String feature) {
        String project = target.project();
        String environment = target.environment();
        UnleashViews.Feature found;
        try {
            found = api(target.url()).feature(token(target), project, feature);
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

    /**
     * Turns the feature on or off in the environment. {@code idempotencyKey} goes with the request (Unleash ignores it;
     * a proxy or gateway that honours it does not repeat the change), the same on every retry.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public void turn(UnleashTarget target, String feature, boolean on, String idempotencyKey) {
        String project = target.project();
        String environment = target.environment();
        try (Response response = api(target.url()).turn(token(target), idempotencyKey, project, feature, environment,
                on ? "on" : "off")) {
            if (response.getStatus() >= 300) {
                throw refusal(response, "turning " + project + "/" + feature + " " + (on ? "on" : "off") + " in " + environment);
            }
        } catch (WebApplicationException e) {
            throw refusal(e.getResponse(), "turning " + project + "/" + feature + " " + (on ? "on" : "off") + " in " + environment);
        }
    }

    private static RuntimeException refusal(Response response, String doing) {
        int status = response.getStatus();
        if (status >= 300 && status < 400) {
            return new StepFailure("Unleash answered " + doing + " with a redirect (HTTP " + status + "), which is not"
                    + " followed so that the token stays with the target's URL; set the target's url to the server itself");
        }
        String message = "Unleash refused " + doing + " (HTTP " + status + detail(response) + ")";
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new StepFailure(message);
        }
        return new IllegalStateException(message);
    }

    private static String detail(Response response) {
        try {
            String body = response.readEntity(String.class);
            return body == null || body.isBlank() ? "" : ": " + Snippets.of(body);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
