package io.rewind.decision.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/** Reads one public status-page incident, for the timeline. Missing or unreachable is an empty answer, not an error. */
@ApplicationScoped
public class StatusPageClient {

    private final StatusPageApi api;

    public StatusPageClient(@RestClient StatusPageApi api) {
        this.api = api;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<StatusPageViews.Incident>> incident(String id) {
        return api.incidents().map(list -> list.incidents() == null ? Optional.<StatusPageViews.Incident>empty()
                : list.incidents().stream().filter(i -> id.equals(i.id())).findFirst());
    }

    /** The public page's incidents (its newest, as Statuspage's v2 API lists them), with their updates. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<List<StatusPageViews.Incident>> incidents() {
        return api.incidents().map(list -> list.incidents() == null ? List.<StatusPageViews.Incident>of() : list.incidents());
    }
}
