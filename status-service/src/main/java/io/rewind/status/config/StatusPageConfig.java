package io.rewind.status.config;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the public page says about itself, in its Statuspage API {@code page} object among others. */
@ConfigMapping(prefix = "rewind.status.page")
public interface StatusPageConfig {

    /** The page's id ({@code page.id}, and {@code page_id} on every component). Environment: {@code REWIND_STATUS_PAGE_ID}. */
    @WithDefault("rewind")
    String id();

    /** The page's title. Environment: {@code REWIND_STATUS_PAGE_NAME}. */
    @WithDefault("Rewind")
    String name();

    /** Where readers reach the page. Environment: {@code REWIND_STATUS_PAGE_URL}. */
    @WithDefault("http://localhost:8084")
    String url();

    /**
     * The page's IANA time zone, reported as {@code time_zone} for clients that show local times; timestamps
     * themselves carry their offset. Environment: {@code REWIND_STATUS_PAGE_TIME_ZONE}.
     */
    @WithDefault("Etc/UTC")
    ZoneId timeZone();
}
