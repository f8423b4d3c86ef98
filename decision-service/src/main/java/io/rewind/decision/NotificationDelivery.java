package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.NotificationEvent;
import io.rewind.decision.notify.Recipients;

/**
 * One notification of one timeline event to one channel, with how its attempts went: PENDING until delivered, or
 * FAILED after {@code rewind.decision.notify.max-attempts} attempts (or at once when it cannot be sent at all, e.g. an
 * e-mail with nobody to write to).
 */
@Entity
@Table(name = "notification_deliveries")
public class NotificationDelivery {

    public enum State {
        PENDING, DELIVERED, FAILED
    }

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(name = "event_id", nullable = false)
    public Long eventId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationEvent event;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public ChannelKind kind;

    @Column(name = "escalation_order")
    public Integer escalationOrder;

    /** E-mail addresses written to; null for other kinds. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Recipients recipients;

    public List<String> recipientAddresses() {
        return recipients == null || recipients.to() == null ? null : recipients.to();
    }

    public String subject;

    @Column(nullable = false)
    public String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;
}
