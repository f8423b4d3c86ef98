package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.rewind.decision.analysis.Judge;

/** One metric measured once: its value, the baseline it was compared with, and the verdict. */
@Entity
@Table(name = "measurements")
public class Measurement {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "analysis_id", nullable = false)
    public UUID analysisId;

    @Column(nullable = false)
    public String metric;

    @Column(nullable = false)
    public int round;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Judge.MeasurementPhase phase;

    public Double value;

    public Double baseline;

    @Column(nullable = false)
    public String message;

    @Column(name = "taken_at", nullable = false)
    public OffsetDateTime takenAt;
}
