package io.rewind.decision.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How people are told: the notifier's jobs, its retries and the reminders it raises. */
@ConfigMapping(prefix = "rewind.decision.notify")
public interface NotifyConfig {

    /**
     * How often the timeline is read for new events, reminders are checked and due deliveries are sent (a Quarkus
     * scheduler interval). Environment: {@code REWIND_DECISION_NOTIFY_INTERVAL}.
     */
    @WithDefault("2s")
    String interval();

    /**
     * The wait after a delivery's first failed attempt; it doubles after each further failure (10 s, 20 s, 40 s …, at
     * most an hour). Environment: {@code REWIND_DECISION_NOTIFY_BACKOFF}.
     */
    @WithDefault("PT10S")
    Duration backoff();

    /** Attempts before a delivery is given up as FAILED. Environment: {@code REWIND_DECISION_NOTIFY_MAX_ATTEMPTS}. */
    @WithDefault("6")
    int maxAttempts();

    /** How long one attempt may take, connection included. Environment: {@code REWIND_DECISION_NOTIFY_TIMEOUT}. */
    @WithDefault("PT10S")
    Duration timeout();

    /**
     * How long before an approval deadline the approvers are reminded, once, when nobody has decided. Environment:
     * {@code REWIND_DECISION_NOTIFY_DEADLINE_WARNING}.
     */
    @WithDefault("PT5M")
    Duration deadlineWarning();

    /**
     * The status page cadence of seed 002: an open incident whose public page has not been updated for this long is
     * reported, once per period it stays so. Environment: {@code REWIND_DECISION_NOTIFY_STATUS_PAGE_CADENCE}.
     */
    @WithDefault("PT15M")
    Duration statusPageCadence();
}
