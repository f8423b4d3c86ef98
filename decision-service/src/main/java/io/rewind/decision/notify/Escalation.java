package io.rewind.decision.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An ordered on-call list and what follows from it: who is told at which escalation order, and when an unanswered
 * approval reaches each order. Pure, so the schedule is unit-tested without a clock.
 *
 * <p>An approval request goes to order 1. At the deadline nobody decided, so the first overdue step goes to the next
 * order; each later step waits the {@code waitBeforeNext} of the order just told, then goes one order further, until
 * the list ends (1 → 2 → 3 → 4 for seed 004's four contacts).
 */
public final class Escalation {

    private final TreeMap<Integer, List<Contact>> byOrder = new TreeMap<>();

    public Escalation(List<Contact> contacts) {
        if (contacts != null) {
            for (Contact c : contacts) {
                byOrder.computeIfAbsent(c.order(), o -> new ArrayList<>()).add(c);
            }
        }
    }

    /** The distinct orders, lowest first, e.g. [1, 2, 3, 4]. */
    public List<Integer> orders() {
        return List.copyOf(byOrder.keySet());
    }

    /** The contacts at the {@code level}-th order of the list (1 = the lowest order), or none past its end. */
    public List<Contact> atLevel(int level) {
        List<Integer> orders = orders();
        return level >= 1 && level <= orders.size() ? byOrder.get(orders.get(level - 1)) : List.of();
    }

    /** The first contact told: seed 004's point of contact. */
    public Optional<Contact> first() {
        return byOrder.isEmpty() ? Optional.empty() : Optional.of(byOrder.firstEntry().getValue().get(0));
    }

    /** The escalation level an event goes to: the n-th overdue step to level n + 1, everything else to level 1. */
    public static int level(NotificationEvent event, int overdueStep) {
        return event == NotificationEvent.APPROVAL_OVERDUE ? overdueStep + 1 : 1;
    }

    /** One step of an overdue approval: step n tells level n + 1 at {@code at}. */
    public record Step(int step, OffsetDateTime at) {
    }

    /**
     * The overdue steps due by {@code now} for an approval due at {@code dueAt}: step 1 at the deadline, then one per
     * further order, each after the wait of the order before it. Without a list (or with one order only) there is
     * still step 1, so channels that tell a room rather than a person hear the deadline was missed.
     */
    public List<Step> overdueStepsDue(OffsetDateTime dueAt, OffsetDateTime now) {
        List<Step> due = new ArrayList<>();
        List<Integer> orders = orders();
        OffsetDateTime at = dueAt;
        int steps = Math.max(1, orders.size() - 1);
        for (int step = 1; step <= steps && !at.isAfter(now); step++) {
            due.add(new Step(step, at));
            if (step + 1 <= orders.size() - 1) {
                Duration wait = byOrder.get(orders.get(step)).stream().map(Contact::waitOrDefault).min(Duration::compareTo)
                        .orElse(Contact.DEFAULT_WAIT);
                at = at.plus(wait);
            }
        }
        return due;
    }
}
