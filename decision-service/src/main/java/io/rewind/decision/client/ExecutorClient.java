package io.rewind.decision.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Asks executor-service to run a service's rollback plan, and follows the execution.
 *
 * <p>Each call is bounded by a timeout and retried once; the circuit breaker opens after repeated failures so a dead
 * executor-service is not hammered. A failure that cannot succeed by retrying (no plan, a refused request) is a
 * {@link Refused}; anything else is transient, and the caller tries again later. The incident id travels as the
 * {@code Idempotency-Key}, so however often a request is sent, executor-service runs it once; a 422
 * {@code idempotency-key-reused} (the key already named another request of ours) is a {@link KeyReused}.
 *
 * <p>What comes back is reported as executor-service said it, with the plan that was asked for: whether it is the
 * rollback asked for is the caller's to check ({@code ExecutionCheck}), never assumed here.
 */
@ApplicationScoped
public class ExecutorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_REUSED = "urn:rewind:problem:idempotency-key-reused";

    private final ExecutorApi api;

    public ExecutorClient(@RestClient ExecutorApi api) {
        this.api = api;
    }

    /**
     * executor-service accepted the request: the plan asked for, and the execution it answered with (for a repeat of
     * the key, with {@code repeat}, the one it started the first time).
     */
    public record Accepted(ExecutorViews.PlanView plan, ExecutorViews.ExecutionView execution, boolean repeat) {
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public Uni<Accepted> start(String service, String planName, String incidentId, ExecutorViews.Release release) {
        return api.plans(service).map(plans -> choosePlan(service, planName, plans))
                .flatMap(plan -> api.start(incidentId, new ExecutorViews.ExecutionRequest(plan.id(), service, incidentId, release))
                        .map(response -> accepted(plan, response)))
                .onFailure(WebApplicationException.class).transform(ExecutorClient::classify);
    }

    /** The execution, or empty when executor-service answers 404: it does not know it. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<ExecutorViews.ExecutionView>> execution(String id) {
        return api.execution(id).map(Optional::ofNullable)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(Optional.empty());
    }

    static ExecutorViews.PlanView choosePlan(String service, String planName, List<ExecutorViews.PlanView> plans) {
        return plans.stream().filter(p -> p.name().equals(planName)).findFirst().orElseThrow(() -> new Refused(
                "executor-service has no plan '" + planName + "' for " + service + " (the policy's plans map it to this"
                        + " incident's strategy)" + (plans.isEmpty() ? "; create it with POST /api/plans"
                                : "; it has " + String.join(", ", plans.stream().map(ExecutorViews.PlanView::name).toList()))));
    }

    private static Accepted accepted(ExecutorViews.PlanView plan, Response response) {
        int status = response.getStatus();
        if (status == 200 || status == 201 || status == 202) {
            ExecutorViews.ExecutionView execution;
            try {
                execution = response.readEntity(ExecutorViews.ExecutionView.class);
            } catch (RuntimeException unreadable) {
                throw new Busy("executor-service accepted the request but its answer could not be read");
            }
            if (execution == null) {
                throw new Busy("executor-service accepted the request but named no execution");
            }
            return new Accepted(plan, execution, status == 200);
        }
        throw new WebApplicationException(response);
    }

    private static Throwable classify(Throwable failure) {
        Response response = ((WebApplicationException) failure).getResponse();
        int status = response.getStatus();
        JsonNode problem = problem(response);
        String detail = problem.hasNonNull("detail") ? ": " + PeerText.safe(problem.get("detail").asText()) : "";
        if (status == 422 && KEY_REUSED.equals(problem.path("type").asText())) {
            return new KeyReused("executor-service refused the incident's Idempotency-Key as already used for another "
                    + "request (HTTP 422 idempotency-key-reused)" + detail);
        }
        if (status == 409) {
            // Another execution holds the target; ours runs once it is done.
            return new Busy("executor-service is running another execution for this target" + detail);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new Refused("executor-service refused the request (HTTP " + status + ")" + detail);
        }
        return new Busy("executor-service answered HTTP " + status + detail);
    }

    /** The problem+json executor-service answered with, or an empty object when there is none to read. */
    private static JsonNode problem(Response response) {
        try {
            String body = response.readEntity(String.class);
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (RuntimeException | java.io.IOException unreadable) {
            return JSON.createObjectNode();
        }
    }

    /** Retrying cannot help: the request itself is wrong for executor-service. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * executor-service holds another request of ours under the incident's Idempotency-Key: retrying cannot help, and
     * which execution (if any) is the incident's rollback is for a human to find out.
     */
    public static final class KeyReused extends Refused {
        KeyReused(String message) {
            super(message);
        }
    }

    /** executor-service is there but cannot take the request now. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message, null, false, false);
        }
    }
}
