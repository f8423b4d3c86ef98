package io.rewind.status;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One notification to one subscriber, with how its attempts went: pending, then delivered or failed; or dropped while
 * pending, when its subscriber had more pending deliveries than {@code rewind.status.webhooks.max-pending-per-subscriber}.
 */
@Entity
@Table(name = "deliveries")
public class Delivery {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String DROPPED = "dropped";

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(name = "subscriber_id", nullable = false)
    public UUID subscriberId;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    /** {@code incident.created}, {@code incident.updated} or {@code incident.resolved}. */
    @Column(nullable = false)
    public String event;

    @Column(nullable = false)
    public String payload;

    @Column(nullable = false)
    public String status;

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
