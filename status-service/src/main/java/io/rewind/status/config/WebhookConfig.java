package io.rewind.status.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How webhook notifications are delivered. */
@ConfigMapping(prefix = "rewind.status.webhooks")
public interface WebhookConfig {

    /** How often due deliveries are sent (a Quarkus scheduler interval). Environment: {@code REWIND_STATUS_WEBHOOKS_POLL_EVERY}. */
    @WithDefault("2s")
    String pollEvery();

    /**
     * The wait after the first failed attempt; it doubles after each further failure (10 s, 20 s, 40 s...).
     * Environment: {@code REWIND_STATUS_WEBHOOKS_BACKOFF}.
     */
    @WithDefault("PT10S")
    Duration backoff();

    /** Attempts before a delivery is given up as failed. Environment: {@code REWIND_STATUS_WEBHOOKS_MAX_ATTEMPTS}. */
    @WithDefault("6")
    int maxAttempts();

    /** How long one attempt may take, connection included. Environment: {@code REWIND_STATUS_WEBHOOKS_TIMEOUT}. */
    @WithDefault("PT5S")
    Duration timeout();

    /**
     * The most deliveries one subscriber may have pending (waiting for a first attempt or a retry). When an update
     * queues more, the subscriber's oldest pending ones are marked {@code dropped} (never sent), logged and counted in
     * {@code rewind_status_webhooks_dropped_total}: a receiver that is down cannot make the queue grow without bound,
     * and what it gets once it is back is the newest news. Environment:
     * {@code REWIND_STATUS_WEBHOOKS_MAX_PENDING_PER_SUBSCRIBER}.
     */
    @WithDefault("100")
    int maxPendingPerSubscriber();
}
