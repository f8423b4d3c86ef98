package io.rewind.decision;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.common.metric.WebSource;

/**
 * A JSON API that analyses ask for web metrics, as an admin configured it: where (its base URL) and with what (headers,
 * secrets by reference). An analysis names it and gives only a path under it and a JSONPath.
 */
@Entity
@Table(name = "metric_sources")
public class MetricSource {

    /** The only kind so far: a JSON API read by JSONPath. Prometheus stays the configured one. */
    public static final String WEB = "web";

    @Id
    public String name;

    @Column(nullable = false)
    public String kind;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public WebSource spec;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
