package io.rewind.executor;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A named thing the executor may act on, and with what: a cluster and its namespaces, an nginx instance, a flag service,
 * a database, a base URL. Written by admins (through the API, or a file in Git loaded at start); steps name it and say
 * only what to do there. Its spec holds secret references, never secret values.
 */
@Entity
@Table(name = "targets")
public class Target {

    /** Where a target was written. A target from the configuration file is changed there, not through the API. */
    public enum Source {
        API, FILE
    }

    @Id
    public String name;

    @Column(nullable = false)
    public TargetKind kind;

    public String description;

    /** The spec as validated for its kind; see {@code io.rewind.executor.target}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> spec;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Source source;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
