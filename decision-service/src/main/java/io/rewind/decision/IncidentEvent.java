package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One moment of an incident on decision-service's side: reported, decided, approved, sent, resolved. */
@Entity
@Table(name = "incident_events")
public class IncidentEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(nullable = false)
    public OffsetDateTime at;

    @Column(nullable = false)
    public String kind;

    public String actor;

    @Column(nullable = false)
    public String detail;

    public static IncidentEvent of(UUID incidentId, OffsetDateTime at, String kind, String actor, String detail) {
        IncidentEvent event = new IncidentEvent();
        event.incidentId = incidentId;
        event.at = at;
        event.kind = kind;
        event.actor = actor;
        event.detail = detail;
        return event;
    }
}
