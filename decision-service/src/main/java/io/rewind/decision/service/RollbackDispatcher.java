package io.rewind.decision.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.client.ExecutorClient;
import io.rewind.decision.client.ExecutorViews;
import io.rewind.decision.client.PeerText;
import io.rewind.decision.config.DecisionConfig;
import io.rewind.decision.repository.IncidentEventRepository;
import io.rewind.decision.repository.IncidentRepository;

/**
 * Sends approved rollbacks to executor-service and follows them to the end.
 *
 * <p>An approval writes the request (dispatch state PENDING) in its own transaction; this job sends it, so a request
 * is never lost to a crash or an unreachable executor-service: it is retried, backing off, until accepted, and the
 * incident shows each failure. It is never run twice either: the incident id is the {@code Idempotency-Key}, and rows
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, so two replicas never send the same one at once.
 *
 * <p>Every answer is checked ({@link ExecutionCheck}) before the incident moves: the execution must be the plan asked
 * for, on the incident's service, for this incident, a real run, and the execution recorded once one is. Anything else,
 * and a 422 {@code idempotency-key-reused}, holds the incident for a human (ESCALATED) with what differed on its
 * timeline; it is never resolved, sent again or followed from it.
 */
@ApplicationScoped
public class RollbackDispatcher {

    private static final Logger LOG = Logger.getLogger(RollbackDispatcher.class);
    private static final int BATCH = 5;

    private final IncidentRepository incidents;
    private final IncidentEventRepository events;
    private final ExecutorClient executor;
    private final DecisionConfig config;

    public RollbackDispatcher(IncidentRepository incidents, IncidentEventRepository events,
            ExecutorClient executor, DecisionConfig config) {
        this.incidents = incidents;
        this.events = events;
        this.executor = executor;
        this.config = config;
    }

    @Scheduled(every = "${rewind.decision.dispatch-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return dispatchDue().chain(this::followExecutions)
                .onFailure().invoke(e -> LOG.warnf(e, "rollback dispatcher tick failed; retrying next tick"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    Uni<Void> dispatchDue() {
        return Panache.withTransaction(() -> incidents.claimDueDispatches(IncidentService.now(), BATCH)
                .flatMap(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::send)
                        .collect().asList()))
                .replaceWithVoid();
    }

    private Uni<Void> send(Incident incident) {
        // The incident's release went from the good version to the bad one; the rollback goes the other way, and
        // executor-service's release is the rollback's (its rollback_start log line and public incident say "from -> to").
        ExecutorViews.Release release = incident.signals.release() == null ? null
                : new ExecutorViews.Release(incident.signals.release().to(), incident.signals.release().from());
        if (incident.planName == null) {
            // Approved before plans were recorded per strategy: which plan carries it out is no longer known.
            incident.dispatchAttempts++;
            return hold(incident, "no plan was recorded for this incident's strategy (approved before policies mapped"
                    + " strategies to plans). Held for a human: no plan is guessed.");
        }
        return executor.start(incident.service, incident.planName, incident.id.toString(), release)
                .flatMap(accepted -> accepted(incident, accepted))
                .onFailure(ExecutorClient.KeyReused.class).recoverWithUni(e -> {
                    incident.dispatchAttempts++;
                    return hold(incident, e.getMessage() + ". Held for a human: nothing is sent again or resolved.");
                })
                .onFailure(ExecutorClient.Refused.class).recoverWithUni(e -> refused(incident, e.getMessage()))
                .onFailure().recoverWithUni(e -> retryLater(incident, describe(e)));
    }

    private Uni<Void> accepted(Incident incident, ExecutorClient.Accepted accepted) {
        incident.dispatchAttempts++;
        incident.planId = accepted.plan().id();
        ExecutorViews.ExecutionView execution = accepted.execution();
        List<String> differences = ExecutionCheck.differences(ExecutionCheck.Expected.of(incident), execution);
        if (!differences.isEmpty()) {
            return hold(incident, ExecutionCheck.reason(execution, differences));
        }
        OffsetDateTime now = IncidentService.now();
        incident.dispatchState = Incident.DispatchState.ACCEPTED;
        incident.dispatchError = null;
        incident.nextDispatchAt = null;
        incident.executionId = execution.id();
        incident.status = IncidentStatus.ROLLING_BACK;
        incident.updatedAt = now;
        LOG.infof("incident %s: executor-service accepted execution %s of plan %s", incident.id, execution.id(),
                incident.planId);
        return events.persist(IncidentEvent.of(incident.id, now, "ROLLBACK_STARTED", "executor-service",
                "execution " + execution.id() + " of plan " + accepted.plan().name() + " v" + accepted.plan().version()
                        + " accepted" + (incident.dispatchAttempts > 1 ? " after " + incident.dispatchAttempts + " attempts" : "")
                        + "; it carries out " + incident.strategy)).replaceWithVoid();
    }

    /**
     * Holds the incident for a human: executor-service's answer is not the rollback asked for. Nothing is sent or
     * followed any more, and nothing is resolved from it; the reason says exactly what differed.
     */
    private Uni<Void> hold(Incident incident, String reason) {
        OffsetDateTime now = IncidentService.now();
        incident.status = IncidentStatus.ESCALATED;
        incident.dispatchState = Incident.DispatchState.HELD;
        incident.dispatchError = reason;
        incident.nextDispatchAt = null;
        incident.resolvedAt = null;
        incident.updatedAt = now;
        LOG.warnf("incident %s: escalated: %s", incident.id, reason);
        return events.persist(IncidentEvent.of(incident.id, now, "ROLLBACK_ESCALATED", "decision-service", reason))
                .replaceWithVoid();
    }

    private Uni<Void> refused(Incident incident, String reason) {
        OffsetDateTime now = IncidentService.now();
        incident.dispatchAttempts++;
        incident.dispatchState = Incident.DispatchState.FAILED;
        incident.dispatchError = reason;
        incident.nextDispatchAt = null;
        incident.status = IncidentStatus.FAILED;
        incident.updatedAt = now;
        LOG.warnf("incident %s: rollback cannot be requested: %s", incident.id, reason);
        return events.persist(IncidentEvent.of(incident.id, now, "ROLLBACK_REFUSED", "executor-service", reason)).replaceWithVoid();
    }

    private Uni<Void> retryLater(Incident incident, String reason) {
        OffsetDateTime now = IncidentService.now();
        boolean first = incident.dispatchAttempts == 0 || incident.dispatchError == null;
        incident.dispatchAttempts++;
        incident.dispatchError = reason;
        incident.nextDispatchAt = now.plus(backoff(incident.dispatchAttempts));
        incident.updatedAt = now;
        LOG.warnf("incident %s: executor-service not reached (attempt %d): %s; next attempt at %s", incident.id,
                incident.dispatchAttempts, reason, incident.nextDispatchAt);
        // The timeline notes the first failure of a run of failures, not every retry.
        return first ? events.persist(IncidentEvent.of(incident.id, now, "ROLLBACK_DELAYED", "decision-service",
                reason + "; retrying until executor-service accepts")).replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /** 1 s, 2 s, 4 s … up to the configured maximum. */
    Duration backoff(int attempts) {
        Duration max = config.dispatchMaxBackoff();
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        Duration next = Duration.ofSeconds(seconds);
        return next.compareTo(max) > 0 ? max : next;
    }

    Uni<Void> followExecutions() {
        return Panache.withTransaction(() -> incidents.list("status = ?1 and executionId is not null",
                IncidentStatus.ROLLING_BACK)
                .flatMap(rolling -> Multi.createFrom().iterable(rolling).onItem().transformToUniAndConcatenate(this::follow)
                        .collect().asList()))
                .replaceWithVoid();
    }

    private Uni<Void> follow(Incident incident) {
        return executor.execution(incident.executionId)
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return hold(incident, "executor-service has no execution " + incident.executionId
                                + " (HTTP 404), the one it accepted for this incident. Held for a human: nothing is "
                                + "resolved from it.");
                    }
                    ExecutorViews.ExecutionView execution = found.get();
                    List<String> differences = ExecutionCheck.differences(ExecutionCheck.Expected.of(incident), execution);
                    if (!differences.isEmpty()) {
                        return hold(incident, ExecutionCheck.reason(execution, differences));
                    }
                    if (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(execution.status())) {
                        return stepFailures(incident, execution);
                    }
                    OffsetDateTime now = IncidentService.now();
                    boolean success = "SUCCEEDED".equals(execution.status());
                    incident.status = success ? IncidentStatus.RESOLVED : IncidentStatus.FAILED;
                    incident.resolvedAt = success ? (execution.endedAt() != null ? execution.endedAt() : now) : null;
                    incident.updatedAt = now;
                    String detail = "execution " + execution.id() + " " + execution.status().toLowerCase()
                            + (execution.reason() == null ? "" : ": " + PeerText.safe(execution.reason()));
                    return stepFailures(incident, execution).chain(() -> events.persist(IncidentEvent.of(incident.id,
                            execution.endedAt() != null ? execution.endedAt() : now,
                            success ? "ROLLBACK_SUCCEEDED" : "ROLLBACK_FAILED", "executor-service", detail))).replaceWithVoid();
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("incident %s: execution %s not readable now: %s", incident.id, incident.executionId, e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Records each failed step of the execution once on the timeline (ROLLBACK_STEP_FAILED), as soon as it is seen: the
     * people told of it need not wait for the execution's end (compensation may take a while).
     */
    private Uni<Void> stepFailures(Incident incident, ExecutorViews.ExecutionView execution) {
        List<ExecutorViews.StepView> failed = execution.steps() == null ? List.of()
                : execution.steps().stream().filter(step -> "FAILED".equals(step.status())).toList();
        if (failed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return events.list("incidentId = ?1 and kind = ?2", incident.id, "ROLLBACK_STEP_FAILED")
                .flatMap(known -> {
                    List<IncidentEvent> fresh = failed.stream()
                            .filter(step -> known.stream().noneMatch(e -> e.detail.startsWith(stepLabel(step))))
                            .map(step -> IncidentEvent.of(incident.id, step.endedAt() != null ? step.endedAt()
                                    : IncidentService.now(), "ROLLBACK_STEP_FAILED", "executor-service", stepLabel(step)
                                    + " (" + PeerText.safe(step.kind()) + ") failed in execution " + execution.id()
                                    + (step.error() == null ? "" : ": " + PeerText.safe(step.error()))))
                            .toList();
                    return fresh.isEmpty() ? Uni.createFrom().voidItem() : events.persist(fresh).replaceWithVoid();
                });
    }

    private static String stepLabel(ExecutorViews.StepView step) {
        return "step " + step.position() + " '" + PeerText.safe(step.name()) + "'";
    }

    /** A failure to reach executor-service, in words a viewer may read: never a Java class name or a raw message. */
    static String describe(Throwable failure) {
        if (failure instanceof ExecutorClient.Busy busy) {
            return busy.getMessage();
        }
        String type = failure.getClass().getSimpleName();
        if (type.contains("Timeout")) {
            return "executor-service did not answer in time";
        }
        if (type.contains("CircuitBreakerOpen")) {
            return "executor-service failed repeatedly; pausing before the next attempt";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return "executor-service is unreachable (connection refused)";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "executor-service is unreachable (its host name does not resolve)";
            }
        }
        LOG.warnf(failure, "executor-service could not be asked");
        return "executor-service is unreachable or its answer could not be read (the log has the cause)";
    }
}
