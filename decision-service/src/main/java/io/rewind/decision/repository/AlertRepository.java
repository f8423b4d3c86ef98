package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.IncidentStatus;
import io.rewind.decision.ReceivedAlert;

@ApplicationScoped
public class AlertRepository implements PanacheRepository<ReceivedAlert> {

    /** The alert of this fingerprint that started then, or null. */
    public Uni<ReceivedAlert> occurrence(String fingerprint, OffsetDateTime startsAt) {
        return find("fingerprint = ?1 and startsAt = ?2", fingerprint, startsAt).firstResult();
    }

    /**
     * The incident still open (not RESOLVED) that one of these fingerprints, or another alert of the same
     * Alertmanager group for the same service, opened or joined; null when there is none.
     */
    public Uni<UUID> openIncident(String service, Collection<String> fingerprints, String groupKey) {
        return getSession().flatMap(session -> session.createSelectionQuery("""
                select a.incidentId from ReceivedAlert a, Incident i
                where i.id = a.incidentId and i.status <> :resolved and a.service = :service
                  and (a.fingerprint in :fingerprints or a.groupKey = :groupKey)
                order by a.lastSeen desc""", UUID.class)
                .setParameter("resolved", IncidentStatus.RESOLVED).setParameter("service", service)
                .setParameter("fingerprints", fingerprints).setParameter("groupKey", groupKey)
                .setMaxResults(1).getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /** The incident the fingerprint's newest linked alert belongs to, or null. */
    public Uni<UUID> incidentOf(String fingerprint) {
        return find("fingerprint = ?1 and incidentId is not null order by lastSeen desc", fingerprint).firstResult()
                .map(alert -> alert == null ? null : alert.incidentId);
    }

    public Uni<List<ReceivedAlert>> forIncident(UUID incidentId) {
        return list("incidentId = ?1 order by firstSeen, id", incidentId);
    }

    /**
     * Serialises notifications until the transaction ends: two notifications at once for the same alert must not both
     * open an incident. PostgreSQL's lock, so it holds across replicas.
     */
    public Uni<Void> lockIntake() {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('rewind.decision.alerts'))) AS intake_lock",
                Long.class).getSingleResult()).replaceWithVoid();
    }
}
