package io.rewind.decision.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.common.ApprovalLevel;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentStatus;

/** The escalation schedule and the status page cadence, without a clock. */
class EscalationTest {

    private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-01-01T10:15:00Z");

    private static Contact contact(String name, int order, String wait) {
        return new Contact("role " + order, name, order, List.of(name + "@example.com"), null, null,
                wait == null ? null : Duration.parse(wait));
    }

    private static final Escalation SEED_004 = new Escalation(List.of(contact("engineer", 1, "PT5M"),
            contact("lead", 2, "PT10M"), contact("devops", 3, "PT20M"), contact("cto", 4, null)));

    @Test
    void anOverdueApprovalClimbsOneOrderPerStepAfterEachOrdersWait() {
        assertEquals(List.of(), SEED_004.overdueStepsDue(DUE, DUE.minusSeconds(1)));
        assertEquals(List.of(new Escalation.Step(1, DUE)), SEED_004.overdueStepsDue(DUE, DUE));
        // Order 2 (told at the deadline) waits 10 minutes, order 3 twenty; the list ends at order 4.
        assertEquals(List.of(new Escalation.Step(1, DUE), new Escalation.Step(2, DUE.plusMinutes(10))),
                SEED_004.overdueStepsDue(DUE, DUE.plusMinutes(29)));
        assertEquals(List.of(new Escalation.Step(1, DUE), new Escalation.Step(2, DUE.plusMinutes(10)),
                new Escalation.Step(3, DUE.plusMinutes(30))), SEED_004.overdueStepsDue(DUE, DUE.plusDays(2)));
        assertEquals("lead", SEED_004.atLevel(Escalation.level(NotificationEvent.APPROVAL_OVERDUE, 1)).get(0).name());
        assertEquals("cto", SEED_004.atLevel(Escalation.level(NotificationEvent.APPROVAL_OVERDUE, 3)).get(0).name());
        assertEquals("engineer", SEED_004.atLevel(Escalation.level(NotificationEvent.APPROVAL_NEEDED, 0)).get(0).name());
        assertEquals(List.of(), SEED_004.atLevel(5));
    }

    @Test
    void ordersNeedNotBeConsecutiveAndWithoutAListTheDeadlineIsStillAnnounced() {
        Escalation gaps = new Escalation(List.of(contact("b", 20, null), contact("a", 10, null), contact("a2", 10, null)));
        assertEquals(List.of(10, 20), gaps.orders());
        assertEquals(2, gaps.atLevel(1).size());
        assertEquals("a", gaps.first().orElseThrow().name());
        assertEquals(List.of(new Escalation.Step(1, DUE)), new Escalation(List.of()).overdueStepsDue(DUE, DUE.plusDays(1)));
    }

    @Test
    void aQuietStatusPageIsReportedOncePerCadenceCountedFromItsLastUpdate() {
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.status = IncidentStatus.ROLLING_BACK;
        incident.approvalLevel = ApprovalLevel.ON_CALL_LEAD;
        incident.decidedAt = DUE;
        Duration cadence = Duration.ofMinutes(15);
        assertTrue(ReminderScanner.staleReminder(incident, DUE, cadence, DUE.plusMinutes(14)).isEmpty());
        ReminderScanner.Reminder first = ReminderScanner.staleReminder(incident, DUE, cadence, DUE.plusMinutes(16)).orElseThrow();
        ReminderScanner.Reminder again = ReminderScanner.staleReminder(incident, DUE, cadence, DUE.plusMinutes(29)).orElseThrow();
        assertEquals(first.step(), again.step(), "the same period: one reminder");
        assertTrue(first.detail().startsWith("nothing has been posted on the public status page since the incident was decided"));
        OffsetDateTime update = DUE.plusMinutes(20);
        ReminderScanner.Reminder afterUpdate = ReminderScanner.staleReminder(incident, update, cadence, DUE.plusMinutes(36))
                .orElseThrow();
        assertTrue(afterUpdate.detail().startsWith("the public status page was last updated at 2026-01-01 10:35 UTC"),
                afterUpdate.detail());
        assertTrue(!afterUpdate.step().equals(first.step()), "a new update starts a new count");
        assertEquals(2, Long.parseLong(ReminderScanner.staleReminder(incident, DUE, cadence, DUE.plusMinutes(31)).orElseThrow()
                .step().replaceAll(".*\\+", "")));
    }

    @Test
    void slackTextIsEscapedAndMentionsTheContactsTold() {
        Contact ada = new Contact("On-call Engineer", "Ada", 1, null, "U024BE7LH", null, null);
        assertEquals("a &lt;b&gt; &amp; c\n<@U024BE7LH>", NotificationOutbox.slackText("a <b> & c", List.of(ada)));
        assertEquals("plain", NotificationOutbox.slackText("plain", List.of()));
    }
}
