package io.rewind.status;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A webhook told of incidents: plain JSON, or Slack's {@code {"text": ...}} ({@link #format} {@code slack}). */
@Entity
@Table(name = "subscribers")
public class Subscriber {

    public static final String JSON = "json";
    public static final String SLACK = "slack";

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String format;

    /** The HMAC-SHA256 key; shown once, when the subscriber is created. */
    @Column(nullable = false)
    public String secret;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
