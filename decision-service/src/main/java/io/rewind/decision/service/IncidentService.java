package io.rewind.decision.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.Decision;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.Approval;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.release.ReleaseLinker;
import io.rewind.decision.repository.ApprovalRepository;
import io.rewind.decision.repository.IncidentEventRepository;
import io.rewind.decision.repository.IncidentRepository;

/**
 * Incidents from report to rollback. Scoring happens before the transaction (it may ask backup-service); everything
 * the incident then becomes (its decision, approvals, the request to executor-service) is written in one transaction
 * before anything acts on it.
 */
@ApplicationScoped
public class IncidentService {

    private final IncidentRepository incidents;
    private final ApprovalRepository approvals;
    private final IncidentEventRepository events;
    private final AssessmentService assessments;
    private final ApproverLevels approverLevels;
    private final PolicyService policies;
    private final ReleaseLinker releases;

    public IncidentService(IncidentRepository incidents, ApprovalRepository approvals, IncidentEventRepository events,
            AssessmentService assessments, ApproverLevels approverLevels, PolicyService policies, ReleaseLinker releases) {
        this.policies = policies;
        this.incidents = incidents;
        this.approvals = approvals;
        this.events = events;
        this.assessments = assessments;
        this.approverLevels = approverLevels;
        this.releases = releases;
    }

    /**
     * A new incident's report. {@code detectedAt} defaults to now; {@code analysisId} names the analysis that opened it;
     * {@code escalation}, when set, hands the incident to a human whatever its signals say (an analysis that ended
     * Inconclusive or in Error).
     */
    public record Report(String title, OffsetDateTime detectedAt, Signals signals, Incident.Source source, UUID analysisId,
            String reporter, String escalation) {

        public Report(String title, OffsetDateTime detectedAt, Signals signals, Incident.Source source, UUID analysisId,
                String reporter) {
            this(title, detectedAt, signals, source, analysisId, reporter, null);
        }
    }

    /** An incident with its approvals. */
    public record Details(Incident incident, List<Approval> approvals) {
    }

    public Uni<Incident> report(Report report) {
        return releases.link(report.signals()).flatMap(linked -> assessments.assess(linked.signals(), report.escalation())
                .flatMap(scored -> persist(new Report(report.title(), report.detectedAt(), linked.signals(), report.source(),
                        report.analysisId(), report.reporter(), report.escalation()), scored, linked.releaseId())));
    }

    @WithTransaction
    Uni<Incident> persist(Report report, AssessmentService.Scored scored, UUID releaseId) {
        OffsetDateTime now = now();
        Assessment a = scored.assessment();
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.service = report.signals().service();
        incident.title = report.title() != null && !report.title().isBlank() ? report.title() : defaultTitle(report.signals());
        incident.source = report.source();
        incident.analysisId = report.analysisId();
        incident.releaseId = releaseId;
        incident.signals = report.signals();
        incident.assessment = a;
        incident.policyVersion = scored.policy().version;
        incident.decision = a.decision();
        incident.impactScore = a.impactScore();
        incident.approvalLevel = a.approval().level();
        incident.detectedAt = report.detectedAt() != null && report.detectedAt().isBefore(now) ? report.detectedAt() : now;
        incident.decidedAt = now;
        incident.approvalDueAt = now.plus(a.approval().within());
        incident.reportedBy = report.reporter();
        incident.updatedAt = now;

        boolean rollback = a.decision() == Decision.ROLLBACK;
        boolean needsNobody = rollback && a.approval().level() == ApprovalLevel.NONE;
        if (rollback) {
            incident.strategy = a.strategy().kind();
            incident.planName = scored.policy().rules.plan(incident.strategy).orElse(null);
        }
        String unmapped = rollback && incident.planName == null
                ? unmapped(incident.strategy, incident.service, scored.policy().version) : null;
        if (unmapped != null) {
            // Never another plan: a human carries out (or maps) the strategy decided.
            incident.status = IncidentStatus.ESCALATED;
        } else if (needsNobody && Boolean.TRUE.equals(scored.policy().rules.autoRollback())) {
            incident.status = IncidentStatus.APPROVED;
            incident.authorisedBy = "policy v" + scored.policy().version + " (no approval needed, automatic rollback)";
            incident.authorisedAt = now;
            requestExecution(incident, now);
        } else if (rollback || a.decision() == Decision.INCONCLUSIVE) {
            incident.status = IncidentStatus.PENDING_APPROVAL;
        } else {
            incident.status = IncidentStatus.OPEN;
        }
        return incidents.persist(incident)
                .call(() -> events.persist(IncidentEvent.of(incident.id, incident.detectedAt, "DETECTED", report.reporter(),
                        "detected" + (report.source() == Incident.Source.ANALYSIS ? " by analysis " + report.analysisId() : "")
                                + ": " + incident.title)))
                .call(() -> events.persist(IncidentEvent.of(incident.id, now, "DECIDED", "decision-service",
                        a.summary() + " (policy v" + incident.policyVersion + ")" + (incident.planName == null ? ""
                                : " Plan '" + incident.planName + "' carries out " + incident.strategy + " (policy v"
                                + incident.policyVersion + " plans)."))))
                .call(() -> report.escalation() != null || unmapped != null
                        ? events.persist(IncidentEvent.of(incident.id, now, "ESCALATED", "decision-service",
                                unmapped != null ? "the decided strategy cannot run: " + unmapped + "; held for a human, no other"
                                        + " plan is run" : report.escalation() + ": a human decides"))
                        : Uni.createFrom().voidItem())
                .call(() -> incident.status == IncidentStatus.APPROVED
                        ? events.persist(IncidentEvent.of(incident.id, now, "APPROVED", incident.authorisedBy,
                                "no approval needed: rollback requested from executor-service"))
                        : Uni.createFrom().voidItem())
                .call(incidents::flush);
    }

    @WithSession
    public Uni<Details> get(UUID id) {
        return incidents.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Incident", id))
                .flatMap(incident -> approvals.forIncident(id).map(list -> new Details(incident, list)));
    }

    @WithSession
    public Uni<List<Incident>> search(String service, IncidentStatus status, ListPage page) {
        return incidents.search(service, status, page);
    }

    /**
     * Approves the rollback. Accepted after the deadline too, and then flagged as late. An approver whose level is below
     * the one the decision needs is refused; approving an incident the engine did not want rolled back is an override,
     * recorded as such.
     */
    @WithTransaction
    public Uni<Details> approve(UUID id, String approver, String comment, Assessment.StrategyKind strategy) {
        return decide(id, approver, comment, Approval.Action.APPROVE, strategy);
    }

    @WithTransaction
    public Uni<Details> reject(UUID id, String approver, String comment) {
        return decide(id, approver, comment, Approval.Action.REJECT, null);
    }

    private Uni<Details> decide(UUID id, String approver, String comment, Approval.Action action,
            Assessment.StrategyKind named) {
        return incidents.findForUpdate(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Incident", id))
                .flatMap(incident -> {
                    if (!incident.status.awaitsDecision()) {
                        return Uni.createFrom().failure(ProblemException.conflict("Incident " + id + " is " + incident.status
                                + (incident.authorisedBy != null ? " (by " + incident.authorisedBy + ")" : "")
                                + "; it no longer awaits approval."));
                    }
                    if (action == Approval.Action.APPROVE && !approverLevels.mayApprove(approver, incident.approvalLevel)) {
                        return Uni.createFrom().failure(ProblemException.forbidden("This decision needs a "
                                + incident.approvalLevel.name().toLowerCase().replace('_', '-') + " approval; '" + approver
                                + "' approves at " + approverLevels.levelOf(approver).name().toLowerCase().replace('_', '-')
                                + " level."));
                    }
                    if (action == Approval.Action.REJECT) {
                        return record(incident, approver, comment, action, null);
                    }
                    Assessment.StrategyKind strategy = named != null ? named : incident.strategy;
                    if (strategy == null) {
                        return Uni.createFrom().failure(ProblemException.invalid("strategy", "is required: the engine"
                                + " decided " + incident.decision + ", which carries out no rollback strategy, so approving"
                                + " it is an override that names one (" + java.util.Arrays.toString(
                                        Assessment.StrategyKind.values()) + ")"));
                    }
                    return policies.version(incident.service, incident.policyVersion).flatMap(policy -> {
                        String plan = policy.rules.plan(strategy).orElse(null);
                        if (plan == null) {
                            return Uni.createFrom().failure(ProblemException.conflict(unmapped(strategy, incident.service,
                                    incident.policyVersion) + "; nothing was approved"));
                        }
                        return record(incident, approver, comment, action, new Chosen(strategy, plan, named != null
                                && named != incident.strategy));
                    });
                });
    }

    /** The strategy an approval carries out and its plan; {@code named} when the approver chose it over the decision's. */
    private record Chosen(Assessment.StrategyKind strategy, String plan, boolean named) {
    }

    private Uni<Details> record(Incident incident, String approver, String comment, Approval.Action action, Chosen chosen) {
        UUID id = incident.id;
        OffsetDateTime now = now();
        Approval approval = new Approval();
        approval.incidentId = id;
        approval.action = action;
        approval.actor = approver;
        approval.at = now;
        approval.comment = comment;
        approval.late = now.isAfter(incident.approvalDueAt);
        String detail;
        if (action == Approval.Action.APPROVE) {
            incident.status = IncidentStatus.APPROVED;
            incident.authorisedBy = approver;
            incident.authorisedAt = now;
            incident.strategy = chosen.strategy();
            incident.planName = chosen.plan();
            requestExecution(incident, now);
            detail = "approved the rollback" + (incident.decision == Decision.ROLLBACK ? ""
                    : " against the engine's " + incident.decision + " (override)")
                    + (chosen.named() ? ", carried out as " + chosen.strategy() : "")
                    + " by plan '" + chosen.plan() + "'";
        } else {
            incident.status = IncidentStatus.REJECTED;
            detail = "rejected the rollback";
        }
        if (approval.late) {
            detail += ", late: due " + incident.approvalDueAt;
        }
        if (comment != null && !comment.isBlank()) {
            detail += ": " + comment;
        }
        incident.updatedAt = now;
        IncidentEvent event = IncidentEvent.of(id, now, action == Approval.Action.APPROVE ? "APPROVED" : "REJECTED",
                approver, detail);
        return approvals.persist(approval)
                .call(() -> events.persist(event))
                .call(incidents::flush)
                .flatMap(ignored -> approvals.forIncident(id))
                .map(list -> new Details(incident, list));
    }

    /** Why a strategy cannot run, and how an admin makes it run. */
    static String unmapped(Assessment.StrategyKind strategy, String service, int policyVersion) {
        return "policy v" + policyVersion + " of " + service + " maps no plan to " + strategy + " (map one with PUT"
                + " /api/policies/" + service + ", plans." + strategy + ")";
    }

    /** Writes the request to executor-service; the dispatcher sends it, after this transaction commits. */
    private static void requestExecution(Incident incident, OffsetDateTime now) {
        incident.dispatchState = Incident.DispatchState.PENDING;
        incident.nextDispatchAt = now;
    }

    private static String defaultTitle(Signals signals) {
        String release = signals.release() != null && signals.release().to() != null ? " after " + signals.release().to() : "";
        return (signals.severity() == null ? "" : signals.severity() + " ") + "incident on " + signals.service() + release;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
