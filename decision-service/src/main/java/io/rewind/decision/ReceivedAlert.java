package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One alert from Prometheus Alertmanager: one fingerprint firing from one start. The notifications Alertmanager
 * repeats for it are counted here; the incident it opened or joined is {@code incidentId}.
 */
@Entity
@Table(name = "alerts")
public class ReceivedAlert {

    public enum Status {
        FIRING, RESOLVED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "starts_at", nullable = false)
    public OffsetDateTime startsAt;

    @Column(name = "ends_at")
    public OffsetDateTime endsAt;

    /** Null when the alert names no valid service: it is kept, but opens no incident. */
    public String service;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "group_key", nullable = false)
    public String groupKey;

    @Column(name = "alert_name")
    public String alertName;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> annotations;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "first_seen", nullable = false)
    public OffsetDateTime firstSeen;

    @Column(name = "last_seen", nullable = false)
    public OffsetDateTime lastSeen;

    @Column(nullable = false)
    public int notifications;

    @Column(name = "received_by", nullable = false)
    public String receivedBy;

    public String notes;
}
