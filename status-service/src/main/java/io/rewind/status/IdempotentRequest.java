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
 * A request made under an {@code Idempotency-Key}: who sent it, a hash of what it asked, and the incident and update
 * it created. A repeat from the same caller with the same key is answered from here.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotentRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    /** The name of the API key that sent it. */
    @Column(nullable = false)
    public String caller;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    /** Hex SHA-256 of the operation, the incident it names and the body. */
    @Column(name = "request_sha256", nullable = false)
    public String requestSha256;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "update_id")
    public UUID updateId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
