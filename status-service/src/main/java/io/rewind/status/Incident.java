package io.rewind.status;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An incident, or a scheduled maintenance ({@link #kind} {@link IncidentKind#MAINTENANCE}): Statuspage models both
 * alike, with different statuses. {@link #status} is an {@link IncidentStatus} for an incident, a
 * {@link MaintenanceStatus} for a maintenance.
 */
@Entity
@Table(name = "incidents")
public class Incident {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Convert(converter = IncidentKindConverter.class)
    @Column(nullable = false)
    public IncidentKind kind;

    @Column(nullable = false)
    public String name;

    @Convert(converter = ProgressConverter.class)
    @Column(nullable = false)
    public Progress status;

    @Convert(converter = ImpactConverter.class)
    @Column(nullable = false)
    public Impact impact;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Holdings components;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** When the trouble began, which may be before anyone posted about it. */
    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    /** The first move to monitoring. */
    @Column(name = "monitoring_at")
    public OffsetDateTime monitoringAt;

    /** When it was resolved (or, for a maintenance, completed); null while open. */
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    /** When its newest update was posted: an open incident silent for too long is stale. */
    @Column(name = "last_update_at", nullable = false)
    public OffsetDateTime lastUpdateAt;

    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;

    @Column(name = "scheduled_until")
    public OffsetDateTime scheduledUntil;

    public boolean maintenance() {
        return kind == IncidentKind.MAINTENANCE;
    }

    /** Not yet resolved or completed. */
    public boolean open() {
        return !status.closes();
    }

    /** Whether it sets its components' statuses now: an open incident, or a maintenance in progress or verifying. */
    public boolean active() {
        return status.active();
    }
}
