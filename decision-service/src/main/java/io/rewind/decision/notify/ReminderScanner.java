package io.rewind.decision.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.EscalationPolicy;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.client.ExecutorClient;
import io.rewind.decision.client.StatusPageClient;
import io.rewind.decision.client.StatusPageViews;
import io.rewind.decision.config.NotifyConfig;
import io.rewind.decision.repository.EscalationPolicyRepository;
import io.rewind.decision.repository.IncidentEventRepository;
import io.rewind.decision.repository.IncidentRepository;
import io.rewind.decision.repository.NotifierRepository;
import io.rewind.decision.service.ExecutionCheck;
import io.rewind.decision.service.TimelineService;

/**
 * Raises the reminders nobody writes otherwise, as timeline events the outbox then announces: an approval deadline
 * near ({@code APPROVAL_DEADLINE_NEAR}), missed ({@code APPROVAL_OVERDUE}, once per escalation step along the on-call
 * list) and an open incident's public status page left without an update for the cadence ({@code STATUS_PAGE_STALE},
 * once per period). Each is recorded in {@code notification_reminders} under its incident, kind and step before its
 * event is written, in the same transaction, so whichever replica sees it first raises it and no other does.
 */
@ApplicationScoped
public class ReminderScanner {

    static final String NEAR = "APPROVAL_DEADLINE_NEAR";
    static final String OVERDUE = "APPROVAL_OVERDUE";
    static final String STALE = "STATUS_PAGE_STALE";
    /** The states in which an incident is open and customers are owed updates. */
    static final List<IncidentStatus> ACTIVE = List.of(IncidentStatus.PENDING_APPROVAL, IncidentStatus.APPROVED,
            IncidentStatus.ROLLING_BACK, IncidentStatus.ESCALATED);
    private static final Logger LOG = Logger.getLogger(ReminderScanner.class);
    private static final int BATCH = 200;

    private final IncidentRepository incidents;
    private final IncidentEventRepository events;
    private final EscalationPolicyRepository policies;
    private final NotifierRepository notifier;
    private final ExecutorClient executor;
    private final StatusPageClient statusPage;
    private final NotifyConfig config;

    public ReminderScanner(IncidentRepository incidents, IncidentEventRepository events, EscalationPolicyRepository policies,
            NotifierRepository notifier, ExecutorClient executor, StatusPageClient statusPage, NotifyConfig config) {
        this.incidents = incidents;
        this.events = events;
        this.policies = policies;
        this.notifier = notifier;
        this.executor = executor;
        this.statusPage = statusPage;
        this.config = config;
    }

    /** A reminder to raise: its step key, the escalation level it goes to, and the timeline's words for it. */
    record Reminder(Incident incident, String kind, String step, int level, String detail) {
    }

    /** Raises every reminder due now; the number raised by this call. */
    public Uni<Integer> raiseDue() {
        return approvals().chain(raised -> stale().map(more -> raised + more));
    }

    /** Deadline near and overdue steps of incidents awaiting approval. Nothing leaves the database. */
    Uni<Integer> approvals() {
        OffsetDateTime now = NotificationSender.now();
        return Panache.withTransaction(() -> incidents.find("status = ?1 and approvalDueAt <= ?2",
                IncidentStatus.PENDING_APPROVAL, now.plus(config.deadlineWarning())).range(0, BATCH - 1).list()
                .chain(pending -> pending.isEmpty() ? Uni.createFrom().item(0)
                        : policies.forServices(pending.stream().map(i -> i.service).collect(Collectors.toSet()))
                                .chain(found -> {
                                    Map<String, EscalationPolicy> byService = found.stream()
                                            .collect(Collectors.toMap(p -> p.service, Function.identity()));
                                    List<Reminder> due = new ArrayList<>();
                                    for (Incident incident : pending) {
                                        EscalationPolicy policy = byService.getOrDefault(incident.service,
                                                byService.get(EscalationPolicy.DEFAULT));
                                        due.addAll(approvalReminders(incident,
                                                new Escalation(policy == null ? List.of() : policy.contacts()), now));
                                    }
                                    return raise(due, now);
                                })));
    }

    List<Reminder> approvalReminders(Incident incident, Escalation escalation, OffsetDateTime now) {
        List<Reminder> due = new ArrayList<>();
        if (incident.approvalDueAt.isAfter(now)) {
            due.add(new Reminder(incident, NEAR, "0", 1, "approval (" + level(incident) + ") due at "
                    + Messages.time(incident.approvalDueAt) + " and nobody has decided yet"));
            return due;
        }
        for (Escalation.Step step : escalation.overdueStepsDue(incident.approvalDueAt, now)) {
            int level = Escalation.level(NotificationEvent.APPROVAL_OVERDUE, step.step());
            List<Contact> told = escalation.atLevel(level);
            String whom = told.isEmpty()
                    ? "nobody further on the on-call list of " + incident.service + " (or '*')"
                    : String.join(", ", told.stream().map(Contact::describe).toList()) + ", escalation order " + told.get(0).order();
            due.add(new Reminder(incident, OVERDUE, Integer.toString(step.step()), level, "approval ("
                    + level(incident) + ") was due at " + Messages.time(incident.approvalDueAt)
                    + " and nobody has decided; escalation step " + step.step() + ": " + whom));
        }
        return due;
    }

    /**
     * Open incidents whose public page has gone quiet. An incident's page is the status-service incident its rollback's
     * {@code status.update} step opened; its newest update, or the decision when nothing was ever posted, starts the
     * cadence. An incident whose page cannot be read now is looked at again next round rather than guessed at.
     */
    Uni<Integer> stale() {
        OffsetDateTime now = NotificationSender.now();
        Duration cadence = config.statusPageCadence();
        return Panache.withSession(() -> incidents.find("status in ?1 and decidedAt <= ?2", ACTIVE, now.minus(cadence))
                .range(0, BATCH - 1).list())
                .chain(candidates -> {
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    boolean anyPage = candidates.stream().anyMatch(i -> i.executionId != null);
                    Uni<Optional<List<StatusPageViews.Incident>>> page = anyPage
                            ? statusPage.incidents().map(Optional::of).onFailure().recoverWithItem(Optional.empty())
                            : Uni.createFrom().item(Optional.of(List.of()));
                    return page.chain(pages -> Multi.createFrom().iterable(candidates).onItem()
                            .transformToUniAndConcatenate(incident -> lastPublicUpdate(incident, pages)
                                    .map(last -> last.flatMap(at -> staleReminder(incident, at, cadence, now))))
                            .filter(Optional::isPresent).map(Optional::get).collect().asList())
                            .chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                                    : Panache.withTransaction(() -> raise(due, now)));
                });
    }

    /**
     * When the incident's public page was last updated, or its decision time when it has no page yet; empty when that
     * cannot be known now (executor-service or the status page unreadable).
     */
    private Uni<Optional<OffsetDateTime>> lastPublicUpdate(Incident incident, Optional<List<StatusPageViews.Incident>> pages) {
        if (incident.executionId == null) {
            return Uni.createFrom().item(Optional.of(incident.decidedAt));
        }
        return executor.execution(incident.executionId)
                .map(found -> found
                        .filter(x -> ExecutionCheck.differences(ExecutionCheck.Expected.of(incident), x).isEmpty())
                        .flatMap(TimelineService::statusIncidentId))
                .map(pageId -> {
                    if (pageId.isEmpty()) {
                        return Optional.of(incident.decidedAt);
                    }
                    if (pages.isEmpty()) {
                        return Optional.<OffsetDateTime>empty();
                    }
                    return Optional.of(pages.get().stream().filter(p -> pageId.get().equals(p.id()))
                            .flatMap(p -> p.incidentUpdates() == null ? java.util.stream.Stream.empty() : p.incidentUpdates().stream())
                            .map(StatusPageViews.Update::createdAt).filter(Objects::nonNull)
                            .max(Comparator.naturalOrder())
                            .filter(at -> at.isAfter(incident.decidedAt))
                            .orElse(incident.decidedAt));
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("incident %s: its public page could not be checked now: %s", incident.id, e.toString());
                    return Optional.empty();
                });
    }

    /**
     * The reminder for an incident whose page was last updated at {@code last}: one per full cadence since then (15, 30,
     * 45 … minutes), keyed by the update it counts from, so a new public update starts a new count.
     */
    static Optional<Reminder> staleReminder(Incident incident, OffsetDateTime last, Duration cadence, OffsetDateTime now) {
        long periods = Duration.between(last, now).toMillis() / Math.max(1, cadence.toMillis());
        if (periods < 1) {
            return Optional.empty();
        }
        String since = last.equals(incident.decidedAt)
                ? "nothing has been posted on the public status page since the incident was decided at " + Messages.time(last)
                : "the public status page was last updated at " + Messages.time(last);
        return Optional.of(new Reminder(incident, STALE, last.toInstant() + "+" + periods, 1,
                since + " (" + Messages.elapsed(Duration.between(last, now)) + " ago; expected every "
                        + Messages.elapsed(cadence) + ", period " + periods + ")"));
    }

    /** Records each reminder and, where this call is the first to, writes its event; the number written. */
    private Uni<Integer> raise(List<Reminder> due, OffsetDateTime now) {
        return Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(reminder -> notifier
                .claimReminder(reminder.incident().id, reminder.kind(), reminder.step(), reminder.level(), now)
                .chain(claimed -> {
                    if (!claimed) {
                        return Uni.createFrom().item(0);
                    }
                    IncidentEvent event = IncidentEvent.of(reminder.incident().id, now, reminder.kind(), "decision-service",
                            reminder.detail());
                    return events.persist(event).chain(events::flush)
                            .chain(() -> notifier.linkReminder(reminder.incident().id, reminder.kind(), reminder.step(), event.id))
                            .replaceWith(1);
                }))
                .collect().asList().map(list -> list.stream().mapToInt(Integer::intValue).sum());
    }

    private static String level(Incident incident) {
        return incident.approvalLevel.name().toLowerCase().replace('_', '-');
    }
}
