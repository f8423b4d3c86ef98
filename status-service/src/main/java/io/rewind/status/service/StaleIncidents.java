package io.rewind.status.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import io.rewind.status.config.IncidentConfig;

/**
 * The gauge {@code rewind_status_incidents_stale}: open incidents whose customers have heard nothing for longer than
 * {@code rewind.status.incidents.stale-after}, for an alert to page whoever owes them an update. Counted on an
 * interval rather than when scraped, since a scrape must not wait on the database.
 */
@ApplicationScoped
public class StaleIncidents {

    private static final Logger LOG = Logger.getLogger(StaleIncidents.class);

    private final IncidentService incidents;
    private final IncidentConfig config;
    private final AtomicLong stale = new AtomicLong();

    public StaleIncidents(IncidentService incidents, IncidentConfig config, MeterRegistry registry) {
        this.incidents = incidents;
        this.config = config;
        Gauge.builder("rewind.status.incidents.stale", stale, AtomicLong::get)
                .description("Open incidents with no update for longer than the configured stale-after")
                .register(registry);
    }

    @Scheduled(every = "${rewind.status.incidents.stale-check-every:60s}", identity = "stale-incidents")
    Uni<Void> recount() {
        return incidents.countStale(config.staleAfter()).invoke(stale::set).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // Keeps the last count: an outage of the database is reported by the readiness check, not here.
                    LOG.debugf("Could not count stale incidents: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
