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

/** One post on an incident's timeline: its status at that moment, what readers were told, and what it changed. */
@Entity
@Table(name = "incident_updates")
public class IncidentUpdate {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    /** The incident's status this update moved it to. */
    @Convert(converter = ProgressConverter.class)
    @Column(nullable = false)
    public Progress status;

    @Column(nullable = false)
    public String body;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "affected_components", nullable = false)
    public AffectedComponents affectedComponents;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "display_at", nullable = false)
    public OffsetDateTime displayAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
