package io.rewind.executor;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One stored version of a rollback plan. Versions are never updated: a change writes the next one, and an execution
 * refers to the version (by id) it ran.
 */
@Entity
@Table(name = "plans")
public class Plan {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** The service the plan rolls back; every version of a plan is for the same service. */
    @Column(nullable = false)
    public String service;

    @Column(nullable = false)
    public int version;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Steps steps;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    /**
     * The steps, stored as {@code {"items": [...]}} rather than a bare array: Hibernate Reactive binds JSON through a
     * Vert.x {@code JsonObject} and fails on a top-level array (hibernate-reactive#4156).
     */
    public record Steps(List<Step> items) {
    }
}
