package io.rewind.status.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the public page and its JSON are cached in memory. */
@ConfigMapping(prefix = "rewind.status.cache")
public interface PublicCacheConfig {

    /**
     * How long a rendered page is served before the database is read again even without a change made through this
     * instance: changes made through another instance show up within this time. Environment:
     * {@code REWIND_STATUS_CACHE_TTL}.
     */
    @WithDefault("PT30S")
    Duration ttl();

    /** {@code Cache-Control: max-age} sent to browsers and CDNs. Environment: {@code REWIND_STATUS_CACHE_CLIENT_MAX_AGE}. */
    @WithDefault("PT10S")
    Duration clientMaxAge();
}
