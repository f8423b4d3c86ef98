package io.rewind.executor.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;


import io.rewind.executor.action.StepFailure;

/**
 * Posts incidents and updates to status-service. Reads are retried (inside the timeout, so a retry never outlives
 * it); posts are not retried here: a post that timed out may have been stored, and the step's next attempt sends it
 * again under the same {@code Idempotency-Key}, which status-service answers with what the first one stored.
 * status-service refusing a request (a 4xx other than 408 and 429: an unknown template, a missing variable, a bad key)
 * is a {@link StepFailure} with its problem detail; anything else is an exception the worker retries until the step's
 * timeout. The breaker stops hammering a status-service that is down.
 */
@ApplicationScoped
public class StatusClient {

    /** status-service pages its lists (io.rewind.common.rest.ListPage); one page of the most it gives is plenty here. */
    private static final int LARGEST_PAGE = 500;

    private final StatusServiceApi api;

    public StatusClient(@RestClient StatusServiceApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = StepFailure.class)
    public StatusViews.Incident open(StatusViews.NewIncident incident, String idempotencyKey) {
        try {
            return api.open(idempotencyKey, incident);
        } catch (WebApplicationException e) {
            throw refusal(e, "opening the incident");
        }
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = StepFailure.class)
    public StatusViews.Incident update(UUID incidentId, StatusViews.NewUpdate update, String idempotencyKey) {
        try {
            return api.update(idempotencyKey, incidentId, update);
        } catch (WebApplicationException e) {
            throw refusal(e, "updating incident " + incidentId);
        }
    }

    /** The incident with its updates; empty when status-service does not know it. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public Optional<StatusViews.Incident> incident(UUID id) {
        try {
            return Optional.of(api.incident(id));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw refusal(e, "reading incident " + id);
        }
    }

    /** The open incidents, newest first. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public List<StatusViews.Incident> openIncidents() {
        try {
            return api.incidents(true, LARGEST_PAGE);
        } catch (WebApplicationException e) {
            throw refusal(e, "listing incidents");
        }
    }

    /** The template of that name; empty when there is none. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public Optional<StatusViews.Template> template(String name) {
        try {
            return api.templates().stream().filter(t -> name.equals(t.name())).findFirst();
        } catch (WebApplicationException e) {
            throw refusal(e, "listing templates");
        }
    }

    /** Every component of the status page. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    public List<StatusViews.Component> components() {
        try {
            return api.components(LARGEST_PAGE);
        } catch (WebApplicationException e) {
            throw refusal(e, "listing components");
        }
    }

    private static RuntimeException refusal(WebApplicationException e, String doing) {
        return Refusals.refusal("status-service", e, doing);
    }

    private static String detail(WebApplicationException e) {
        return Refusals.detail(e);
    }
}
