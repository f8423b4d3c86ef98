package io.rewind.decision;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.decision.notify.ChannelFilter;
import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.ChannelSettings;
import io.rewind.decision.notify.NotificationEvent;

/** Where notifications go, as an admin configured it: secrets as references only. */
@Entity
@Table(name = "notification_channels")
public class NotificationChannel {

    @Id
    public String name;

    @Column(nullable = false)
    public ChannelKind kind;

    public String description;

    @Column(nullable = false)
    public boolean enabled;

    /** The events and services this channel receives. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public ChannelFilter filter;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public ChannelSettings settings;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** Whether this channel is told of {@code event} on an incident of {@code service}. */
    public boolean wants(NotificationEvent event, String service) {
        return enabled && filter.wants(event, service);
    }
}
