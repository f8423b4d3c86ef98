package io.rewind.status.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How incidents are watched. */
@ConfigMapping(prefix = "rewind.status.incidents")
public interface IncidentConfig {

    /**
     * An open incident with no update for this long is stale: the runbooks promise customers an update every 15
     * minutes. Environment: {@code REWIND_STATUS_INCIDENTS_STALE_AFTER}.
     */
    @WithDefault("PT15M")
    Duration staleAfter();

    /**
     * How often the stale-incident gauge is recounted (a Quarkus scheduler interval such as {@code 60s}).
     * Environment: {@code REWIND_STATUS_INCIDENTS_STALE_CHECK_EVERY}.
     */
    @WithDefault("60s")
    String staleCheckEvery();
}
