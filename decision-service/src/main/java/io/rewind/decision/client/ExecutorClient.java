package io.rewind.decision.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * Asks executor-service to run a service's rollback plan, and follows the execution.
 *
 * <p>Each call is bounded by a timeout and retried once; the circuit breaker opens after repeated failures so a dead
 * executor-service is not hammered. A failure that cannot succeed by retrying (no plan, a refused request) is a
 * {@link Refused}; anything else is transient, and the caller tries again later. The incident id travels as the
 * {@code Idempotency-Key}, so however often a request is sent, executor-service runs it once.
 */
@ApplicationScoped
public class ExecutorClient {

    private final ExecutorApi api;

    public ExecutorClient(@RestClient ExecutorApi api) {
        this.api = api;
    }

    /** executor-service accepted the request: the execution it runs (or already ran) for this key. */
    public record Accepted(String executionId, String status) {
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public Uni<Accepted> start(String service, String planName, String incidentId, ExecutorViews.Release release) {
        return api.plans(service).map(plans -> choosePlan(service, planName, plans))
                .flatMap(plan -> api.start(incidentId, new ExecutorViews.ExecutionRequest(plan.id(), service, incidentId, release)))
                .map(ExecutorClient::accepted)
                .onFailure(WebApplicationException.class).transform(ExecutorClient::classify);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<ExecutorViews.ExecutionView> execution(String id) {
        return api.execution(id);
    }

    static ExecutorViews.PlanView choosePlan(String service, String planName, List<ExecutorViews.PlanView> plans) {
        if (planName != null) {
            return plans.stream().filter(p -> p.name().equals(planName)).findFirst().orElseThrow(() -> new Refused(
                    "executor-service has no plan '" + planName + "' for " + service + " (the policy's rollbackPlan)"));
        }
        if (plans.isEmpty()) {
            throw new Refused("executor-service has no rollback plan for " + service + "; create one with POST /api/plans");
        }
        if (plans.size() > 1) {
            throw new Refused("executor-service has " + plans.size() + " plans for " + service + " ("
                    + String.join(", ", plans.stream().map(ExecutorViews.PlanView::name).toList())
                    + "); name the one to run in the policy's rollbackPlan");
        }
        return plans.get(0);
    }

    private static Accepted accepted(Response response) {
        int status = response.getStatus();
        if (status == 200 || status == 201 || status == 202) {
            ExecutorViews.ExecutionView execution = response.readEntity(ExecutorViews.ExecutionView.class);
            return new Accepted(execution.id(), execution.status());
        }
        throw new WebApplicationException(response);
    }

    private static Throwable classify(Throwable failure) {
        Response response = ((WebApplicationException) failure).getResponse();
        int status = response.getStatus();
        String detail = detail(response);
        if (status == 409) {
            // Another execution holds the target; ours runs once it is done.
            return new Busy("executor-service is running another execution for this target" + detail);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new Refused("executor-service refused the request (HTTP " + status + ")" + detail);
        }
        return new Busy("executor-service answered HTTP " + status + detail);
    }

    private static String detail(Response response) {
        try {
            ExecutorViews.ProblemView problem = response.readEntity(ExecutorViews.ProblemView.class);
            return problem == null || problem.detail() == null ? "" : ": " + problem.detail();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** Retrying cannot help: the request itself is wrong for executor-service. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** executor-service is there but cannot take the request now. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message, null, false, false);
        }
    }
}
