package io.rewind.decision.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.client.ExecutorClient;
import io.rewind.decision.client.ExecutorViews;
import io.rewind.decision.client.PeerText;
import io.rewind.decision.client.StatusPageClient;
import io.rewind.decision.client.StatusPageViews;
import io.rewind.decision.repository.IncidentEventRepository;
import io.rewind.decision.repository.IncidentRepository;

/**
 * An incident's story from all the services that took part: this service's own events, the executor's steps, and the
 * public status page's updates, each entry marked with its source, in time order. A source that cannot be read is
 * named in {@code gaps} rather than silently left out.
 */
@ApplicationScoped
public class TimelineService {

    public static final String DECISION = "decision-service";
    public static final String EXECUTOR = "executor-service";
    public static final String STATUS_PAGE = "status-page";

    private final IncidentRepository incidents;
    private final IncidentEventRepository events;
    private final ExecutorClient executor;
    private final StatusPageClient statusPage;

    public TimelineService(IncidentRepository incidents, IncidentEventRepository events, ExecutorClient executor,
            StatusPageClient statusPage) {
        this.incidents = incidents;
        this.events = events;
        this.executor = executor;
        this.statusPage = statusPage;
    }

    public record Entry(OffsetDateTime at, String source, String kind, String actor, String detail) {
    }

    public record Timeline(Incident incident, List<Entry> entries, List<String> gaps,
            ExecutorViews.ExecutionView execution) {
    }

    public Uni<Timeline> timeline(UUID id) {
        return own(id).flatMap(own -> {
            Incident incident = own.incident();
            List<Entry> entries = new ArrayList<>(own.events().stream()
                    .map(e -> new Entry(e.at, DECISION, e.kind, e.actor, e.detail)).toList());
            List<String> gaps = new ArrayList<>();
            if (incident.executionId == null) {
                return Uni.createFrom().item(finish(incident, entries, gaps, null));
            }
            return executor.execution(incident.executionId)
                    .map(found -> {
                        if (found.isEmpty()) {
                            gaps.add(EXECUTOR + ": has no execution " + incident.executionId);
                            return Optional.<ExecutorViews.ExecutionView>empty();
                        }
                        // Only the incident's own rollback belongs in its story (and its post-mortem).
                        List<String> differences = ExecutionCheck.differences(ExecutionCheck.Expected.of(incident), found.get());
                        if (!differences.isEmpty()) {
                            gaps.add(EXECUTOR + ": execution " + PeerText.safe(found.get().id())
                                    + " is not this incident's rollback (" + String.join("; ", differences) + ")");
                            return Optional.<ExecutorViews.ExecutionView>empty();
                        }
                        return found;
                    })
                    .onFailure().recoverWithItem(e -> {
                        gaps.add(EXECUTOR + ": execution " + incident.executionId + " could not be read now ("
                                + RollbackDispatcher.describe(e) + ")");
                        return Optional.empty();
                    })
                    .flatMap(execution -> {
                        execution.ifPresent(x -> entries.addAll(executorEntries(x)));
                        Optional<String> statusIncident = execution.flatMap(TimelineService::statusIncidentId);
                        if (statusIncident.isEmpty()) {
                            return Uni.createFrom().item(finish(incident, entries, gaps, execution.orElse(null)));
                        }
                        return statusPage.incident(statusIncident.get())
                                .onFailure().recoverWithItem(e -> {
                                    gaps.add(STATUS_PAGE + ": incident " + statusIncident.get() + " could not be read");
                                    return Optional.empty();
                                })
                                .map(page -> {
                                    page.ifPresent(p -> entries.addAll(statusEntries(p)));
                                    return finish(incident, entries, gaps, execution.orElse(null));
                                });
                    });
        });
    }

    private record Own(Incident incident, List<IncidentEvent> events) {
    }

    @WithSession
    Uni<Own> own(UUID id) {
        return incidents.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Incident", id))
                .flatMap(incident -> events.forIncident(id).map(list -> new Own(incident, list)));
    }

    private static Timeline finish(Incident incident, List<Entry> entries, List<String> gaps,
            ExecutorViews.ExecutionView execution) {
        entries.sort(Comparator.comparing(Entry::at));
        return new Timeline(incident, List.copyOf(entries), List.copyOf(gaps), execution);
    }

    private static List<Entry> executorEntries(ExecutorViews.ExecutionView execution) {
        List<Entry> entries = new ArrayList<>();
        if (execution.steps() == null) {
            return entries;
        }
        for (ExecutorViews.StepView step : execution.steps()) {
            if (step.startedAt() != null) {
                entries.add(new Entry(step.startedAt(), EXECUTOR, "STEP_STARTED", null,
                        "step " + (step.position() + 1) + " " + step.name() + " (" + step.kind() + ")"));
            }
            if (step.endedAt() != null) {
                String result = PeerText.safe(step.error() != null ? step.error() : step.output());
                entries.add(new Entry(step.endedAt(), EXECUTOR, "STEP_" + step.status(), null, "step " + (step.position() + 1)
                        + " " + step.name() + " " + step.status().toLowerCase() + (result == null || result.isBlank() ? "" : ": " + result)));
            }
        }
        return entries;
    }

    /** The public incident a {@code status.update} step opened, from its output ("status incident <id>"). */
    public static Optional<String> statusIncidentId(ExecutorViews.ExecutionView execution) {
        if (execution.steps() == null) {
            return Optional.empty();
        }
        return execution.steps().stream()
                .filter(s -> "status.update".equals(s.kind()) && s.output() != null)
                .map(s -> java.util.regex.Pattern.compile("status incident ([0-9a-fA-F-]{8,})").matcher(s.output()))
                .filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1))
                .findFirst();
    }

    private static List<Entry> statusEntries(StatusPageViews.Incident incident) {
        if (incident.incidentUpdates() == null) {
            return List.of();
        }
        return incident.incidentUpdates().stream()
                .map(u -> new Entry(u.createdAt(), STATUS_PAGE, "PUBLIC_" + u.status().toUpperCase(), null, u.body()))
                .toList();
    }
}
