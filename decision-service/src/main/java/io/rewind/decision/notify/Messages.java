package io.rewind.decision.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.decision.Incident;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Signals;

/**
 * The words of each notification, written once per event and shared by every kind of channel: Slack gets the text,
 * e-mail the subject and text, webhooks the text with the facts as JSON fields. Rollbacks use seed 004's "ROLLBACK IN
 * PROGRESS" message. Pure: everything it needs is passed in.
 */
public final class Messages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private Messages() {
    }

    /** A message: a one-line subject, the text, and the facts a webhook receiver reads as JSON. */
    public record Message(String subject, String text, Map<String, Object> facts) {
    }

    /**
     * @param at when the timeline recorded the event
     * @param detail the timeline entry's text (the decision's summary, the failed step, the outcome …)
     * @param told who this event goes to (the contacts at its escalation level), possibly none
     * @param level the escalation level it goes to
     * @param escalation the service's on-call list
     */
    public static Message render(NotificationEvent event, String timelineKind, Incident incident, OffsetDateTime at,
            String detail, int level, List<Contact> told, Escalation escalation) {
        String service = incident.service;
        String title = incident.title;
        StringBuilder text = new StringBuilder();
        String subject;
        switch (event) {
            case APPROVAL_NEEDED -> {
                subject = "Approval needed: " + title;
                text.append("🟠 APPROVAL NEEDED\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append("Decision: ").append(detail).append('\n')
                        .append("Approval: ").append(level(incident)).append(" by ").append(time(incident.approvalDueAt))
                        .append('\n')
                        .append("Approve or reject: POST /api/incidents/").append(incident.id).append("/approve or /reject\n");
            }
            case APPROVAL_DEADLINE_NEAR -> {
                subject = "Approval due soon: " + title;
                text.append("⏰ APPROVAL DUE SOON\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append("Approval: ").append(level(incident)).append(" due ").append(time(incident.approvalDueAt))
                        .append(", in ").append(elapsed(Duration.between(at, incident.approvalDueAt))).append('\n')
                        .append("Nobody has approved or rejected the rollback yet.\n");
            }
            case APPROVAL_OVERDUE -> {
                subject = "Approval overdue, escalated: " + title;
                text.append("🚨 APPROVAL OVERDUE\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append("Approval: ").append(level(incident)).append(" was due ").append(time(incident.approvalDueAt))
                        .append('\n')
                        .append(detail).append('\n');
            }
            case EXECUTION_STARTED -> {
                subject = "Rollback in progress: " + title;
                Assessment.Strategy strategy = incident.assessment == null ? null : incident.assessment.strategy();
                String expected = strategy == null || strategy.expectedMinutes() == null ? "unknown"
                        : time(at.plusMinutes(strategy.expectedMinutes().max()));
                text.append("🔴 ROLLBACK IN PROGRESS\n\n")
                        .append("Version: ").append(version(incident.signals)).append('\n')
                        .append("Reason: ").append(title).append('\n')
                        .append("Started: ").append(time(at)).append('\n')
                        .append("Expected completion: ").append(expected).append('\n')
                        .append("\nStatus updates will follow.\n\n")
                        .append("Point of contact: ").append(escalation.first().map(Contact::describe).orElse("the on-call engineer"))
                        .append('\n');
            }
            case STEP_FAILED -> {
                subject = "Rollback step failed: " + title;
                text.append("⚠️ ROLLBACK STEP FAILED\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append(detail).append('\n');
            }
            case EXECUTION_FINISHED -> {
                String outcome = outcome(timelineKind);
                subject = "Rollback " + outcome + ": " + title;
                text.append("succeeded".equals(outcome) ? "✅ ROLLBACK COMPLETE\n\n" : "❌ ROLLBACK " + outcome.toUpperCase() + "\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append("Version: ").append(version(incident.signals)).append('\n')
                        .append(detail).append('\n');
            }
            case ESCALATED -> {
                subject = "A human must decide: " + title;
                text.append("🆘 A HUMAN MUST DECIDE\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append(detail).append('\n');
            }
            case STATUS_PAGE_STALE -> {
                subject = "Status page not updated: " + title;
                text.append("📣 STATUS PAGE NOT UPDATED\n\n")
                        .append("Incident: ").append(title).append(" (").append(service).append(")\n")
                        .append(detail).append('\n')
                        .append("Customers expect an update every 15 minutes during an incident.\n");
            }
            default -> throw new IllegalArgumentException(event.name());
        }
        if (!told.isEmpty()) {
            text.append("\nTold: ").append(String.join(", ", told.stream().map(Contact::describe).toList()))
                    .append(" (escalation order ").append(told.get(0).order()).append(")\n");
        }
        text.append("Incident id: ").append(incident.id);

        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", incident.id);
        about.put("service", service);
        about.put("title", title);
        about.put("status", incident.status);
        about.put("severity", incident.signals == null ? null : incident.signals.severity());
        about.put("decision", incident.decision);
        about.put("approvalLevel", incident.approvalLevel);
        about.put("approvalDueAt", incident.approvalDueAt);
        about.put("release", incident.signals == null ? null : incident.signals.release());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("event", event);
        facts.put("at", at);
        facts.put("timelineKind", timelineKind);
        facts.put("detail", detail);
        if (event == NotificationEvent.EXECUTION_FINISHED) {
            facts.put("outcome", outcome(timelineKind));
        }
        facts.put("incident", about);
        facts.put("escalationLevel", level);
        facts.put("told", told.stream().map(c -> Map.of("role", c.role(), "name", c.name(), "order", c.order())).toList());
        return new Message(subject, text.toString(), facts);
    }

    /** {@code succeeded}, {@code failed} or {@code refused}. */
    static String outcome(String timelineKind) {
        return switch (timelineKind == null ? "" : timelineKind) {
            case "ROLLBACK_SUCCEEDED" -> "succeeded";
            case "ROLLBACK_REFUSED" -> "refused";
            default -> "failed";
        };
    }

    /** The rollback's direction, bad release back to the good one: "v1.5.0 → v1.4.2". */
    static String version(Signals signals) {
        Signals.Release release = signals == null ? null : signals.release();
        if (release == null || (release.from() == null && release.to() == null)) {
            return "unknown";
        }
        return (release.to() == null ? "?" : release.to()) + " → " + (release.from() == null ? "?" : release.from());
    }

    static String time(OffsetDateTime at) {
        return at == null ? "unknown" : at.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }

    private static String level(Incident incident) {
        return incident.approvalLevel == null ? "an approver" : incident.approvalLevel.name().toLowerCase().replace('_', '-');
    }

    /** "42 s" under two minutes, else "14 min". */
    static String elapsed(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }
}
