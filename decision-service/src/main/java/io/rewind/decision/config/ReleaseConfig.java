package io.rewind.decision.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How releases are preflighted. */
@ConfigMapping(prefix = "rewind.decision.releases")
public interface ReleaseConfig {

    /**
     * The PromQL query of a service's error rate now, in percent, for the health-baseline check
     * ({@code REWIND_RELEASE_BASELINE_QUERY}); {@code $service} is replaced by the release's service. A release request's
     * own {@code baselineQuery} wins. Without either, the check is SKIPPED.
     */
    Optional<String> baselineQuery();

    /** The error rate (percent) at or above which the health baseline fails ({@code REWIND_RELEASE_BASELINE_MAX_ERROR_RATE}). */
    @WithDefault("5")
    double baselineMaxErrorRatePercent();

    /** How long the preflight waits for the backup it asked for to be taken and verified before it fails the check. */
    @WithDefault("PT1H")
    Duration backupTimeout();

    /** How often the preflight job looks at the backups it is waiting for. */
    @WithDefault("2s")
    Duration checkInterval();
}
