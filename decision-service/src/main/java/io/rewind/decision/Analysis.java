package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.decision.analysis.AnalysisSpec;
import io.rewind.decision.analysis.Judge;

/** An analysis run: its spec, where it is, and the incident it opened if it failed. */
@Entity
@Table(name = "analyses")
public class Analysis {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String service;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Judge.RunPhase phase;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public AnalysisSpec spec;

    /** Each metric's baseline value, measured once, at the first round. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Double> baselines;

    @Column(name = "rounds_taken", nullable = false)
    public int roundsTaken;

    @Column(name = "next_measurement_at")
    public OffsetDateTime nextMeasurementAt;

    public String message;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
