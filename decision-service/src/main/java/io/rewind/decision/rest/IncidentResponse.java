package io.rewind.decision.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.common.Decision;
import io.rewind.decision.Approval;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.service.IncidentService;

/**
 * An incident: its signals, the assessment, seed 002's decision record, its approvals and its rollback.
 */
public record IncidentResponse(UUID id, String service, String title, IncidentStatus status, Incident.Source source,
        UUID analysisId, Signals signals, Assessment assessment, int policyVersion, DecisionRecord decisionRecord,
        ApprovalDue approval, List<ApprovalView> approvals, Rollback rollback, OffsetDateTime resolvedAt,
        ReleaseRef release) {

    /**
     * The recorded release the incident happened after ({@code GET /api/releases/{id}}), null when none is recorded.
     *
     * @param lastKnownGood the version the rollback goes back to: the release's last known good version, unless the
     *        report named another {@code release.from}
     */
    public record ReleaseRef(UUID id, String version, String lastKnownGood) {
    }

    /** Seed 002's decision template, field for field. */
    public record DecisionRecord(String issue, String impact, OffsetDateTime detectedAt, OffsetDateTime decidedAt,
            Duration timeLost, Decision decision, String rationale, String authorisedBy, OffsetDateTime authorisedAt) {
    }

    public record ApprovalDue(String level, OffsetDateTime dueAt) {
    }

    public record ApprovalView(Approval.Action action, String by, OffsetDateTime at, String comment, boolean late) {
    }

    /**
     * How far the request to executor-service got.
     *
     * @param request HELD when executor-service answered with something else than the rollback asked for; the incident
     *        is then ESCALATED and {@code lastError} says what differed
     * @param strategy the rollback strategy carried out: the decision's, or the one the approver named
     * @param plan the plan the policy maps to that strategy, by name: what is run (null when none is mapped: the
     *        incident is then ESCALATED, and nothing else is run)
     * @param planId the executor-service plan decision-service asked to run
     * @param executionId the execution executor-service started for it, once checked to be that rollback
     */
    public record Rollback(Incident.DispatchState request, int attempts, String lastError, OffsetDateTime nextAttemptAt,
            Assessment.StrategyKind strategy, String plan, String planId, String executionId) {
    }

    static IncidentResponse from(IncidentService.Details details) {
        Incident i = details.incident();
        return new IncidentResponse(i.id, i.service, i.title, i.status, i.source, i.analysisId, i.signals, i.assessment,
                i.policyVersion, decisionRecord(i), new ApprovalDue(i.approvalLevel.name(), i.approvalDueAt),
                details.approvals().stream().map(a -> new ApprovalView(a.action, a.actor, a.at, a.comment, a.late)).toList(),
                new Rollback(i.dispatchState, i.dispatchAttempts, i.dispatchError, i.nextDispatchAt, i.strategy, i.planName,
                        i.planId, i.executionId),
                i.resolvedAt, releaseRef(i));
    }

    static IncidentResponse summary(Incident i) {
        return from(new IncidentService.Details(i, List.of()));
    }

    /** The linker wrote the release's versions into the signals, so they say what the rollback will use. */
    private static ReleaseRef releaseRef(Incident i) {
        if (i.releaseId == null) {
            return null;
        }
        Signals.Release versions = i.signals.release();
        return new ReleaseRef(i.releaseId, versions == null ? null : versions.to(), versions == null ? null : versions.from());
    }

    private static DecisionRecord decisionRecord(Incident i) {
        Signals s = i.signals;
        String impact = (s.usersAffectedPercent() == null ? "unknown share of users" : fmt(s.usersAffectedPercent()) + "% of users")
                + (s.severity() == null ? "" : ", " + s.severity() + " (" + s.severity().label() + ")")
                + (i.impactScore == null ? "" : ", impact score " + fmt(i.impactScore));
        return new DecisionRecord(i.title, impact, i.detectedAt, i.decidedAt, Duration.between(i.detectedAt, i.decidedAt),
                i.decision, i.assessment.summary(), i.authorisedBy, i.authorisedAt);
    }

    private static String fmt(double value) {
        return io.rewind.decision.engine.Wording.num(value);
    }
}
