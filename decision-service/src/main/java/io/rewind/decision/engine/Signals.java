package io.rewind.decision.engine;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.common.Severity;

/**
 * What is known about an incident: the assessment contract of DESIGN.md. Every field but {@code service} may be
 * missing; the engine says which missing ones it needed rather than assuming a value.
 *
 * @param dataMigration whether the release changed the database, and whether that change can be undone
 * @param openIssues how many distinct problems the release caused (stability: one issue vs several)
 * @param errorRatePercent the error rate now; {@code baselineErrorRatePercent} the rate before the release
 * @param latencyDegradationPercent how much slower than before the release (50 = 1.5× the latency)
 * @param crash the application crashes or is unavailable
 * @param cosmetic the issue is cosmetic only
 * @param featureFlagged the change is behind a feature flag that can be turned off
 * @param blueGreen the previous version still runs beside the new one and traffic can be switched back
 * @param database the database the release migrated, as registered with backup-service
 */
public record Signals(
        @NotBlank @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
        @Valid Release release,
        Severity severity,
        @DecimalMin("0") @DecimalMax("100") Double usersAffectedPercent,
        @Min(0) @Max(100_000) Integer timeToFixMinutes,
        DataMigration dataMigration,
        @Min(0) @Max(10_000) Integer openIssues,
        Workaround workaround,
        @DecimalMin("0") @DecimalMax("100") Double errorRatePercent,
        @DecimalMin("0") @DecimalMax("100") Double baselineErrorRatePercent,
        @DecimalMin("-100") @DecimalMax("100000") Double latencyDegradationPercent,
        Boolean crash,
        Boolean dataCorruption,
        Boolean securityBreach,
        Boolean cosmetic,
        Boolean featureFlagged,
        Boolean blueGreen,
        @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String database) {

    /** The release that went bad: from the last good version to the bad one. */
    public record Release(@Size(max = 200) String from, @Size(max = 200) String to) {
    }

    public enum DataMigration {
        NONE, REVERSIBLE, IRREVERSIBLE
    }

    public enum Workaround {
        NONE, EASY
    }

    public boolean is(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }
}
