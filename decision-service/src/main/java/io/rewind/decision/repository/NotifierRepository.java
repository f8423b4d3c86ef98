package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.IncidentEvent;

/**
 * The notifier's reads and writes of the incident timeline: which events it has handled ({@code notified_at}), and
 * the reminders it raised once per incident and step. Native SQL, since {@link IncidentEvent} does not map the
 * notifier's column.
 */
@ApplicationScoped
public class NotifierRepository {

    /**
     * Claims timeline events no job has handled yet, oldest first, skipping rows another replica holds: locked until
     * the caller's transaction ends, in which their deliveries are written and they are marked handled.
     */
    public Uni<List<IncidentEvent>> claimUnhandled(int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                SELECT id, incident_id, at, kind, actor, detail FROM decision.incident_events
                WHERE notified_at IS NULL
                ORDER BY id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", IncidentEvent.class)
                .setParameter("limit", limit).getResultList());
    }

    public Uni<Integer> markHandled(List<Long> ids, OffsetDateTime now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "UPDATE decision.incident_events SET notified_at = :now WHERE id IN (:ids)")
                .setParameter("now", now).setParameter("ids", ids).executeUpdate());
    }

    /**
     * Records a reminder for an incident, kind and step, unless one is recorded already (by this or another replica):
     * true when this call recorded it. A replica racing another waits for the other's transaction, then finds it.
     */
    public Uni<Boolean> claimReminder(UUID incident, String kind, String step, int level, OffsetDateTime now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO decision.notification_reminders (incident_id, kind, step, level, raised_at)
                VALUES (:incident, :kind, :step, :level, :now)
                ON CONFLICT DO NOTHING""")
                .setParameter("incident", incident).setParameter("kind", kind).setParameter("step", step)
                .setParameter("level", level).setParameter("now", now).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Integer> linkReminder(UUID incident, String kind, String step, long eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                UPDATE decision.notification_reminders SET event_id = :event
                WHERE incident_id = :incident AND kind = :kind AND step = :step""")
                .setParameter("event", eventId).setParameter("incident", incident).setParameter("kind", kind)
                .setParameter("step", step).executeUpdate());
    }

    /** Event id → the escalation level its reminder goes to, for the reminders among {@code eventIds}. */
    public Uni<Map<Long, Integer>> reminderLevels(List<Long> eventIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "SELECT event_id, level FROM decision.notification_reminders WHERE event_id IN (:ids)", Object[].class)
                .setParameter("ids", eventIds).getResultList())
                .map(rows -> {
                    Map<Long, Integer> levels = new HashMap<>();
                    for (Object[] row : rows) {
                        levels.put(((Number) row[0]).longValue(), ((Number) row[1]).intValue());
                    }
                    return levels;
                });
    }

    /**
     * Writes a timeline entry about a delivery ("notified …", "notifying … failed"), already marked handled: it is the
     * notifier's own record and announces nothing.
     */
    public Uni<Integer> recordOutcome(UUID incident, OffsetDateTime at, String kind, String detail) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO decision.incident_events (incident_id, at, kind, actor, detail, notified_at)
                VALUES (:incident, :at, :kind, 'decision-service', :detail, :at)""")
                .setParameter("incident", incident).setParameter("at", at).setParameter("kind", kind)
                .setParameter("detail", detail).executeUpdate());
    }
}
