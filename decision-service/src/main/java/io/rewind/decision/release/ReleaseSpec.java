package io.rewind.decision.release;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.decision.Release;
import io.rewind.decision.analysis.AnalysisSpec;

/**
 * The body of {@code POST /api/releases}: a release about to be (or just) deployed, and what its preflight should do.
 *
 * @param lastKnownGood the version a rollback goes back to; defaults to the service's previous release's version
 * @param downMigration for a REVERSIBLE migration, the reviewed down-migration: the executor plan step or script that
 *        undoes it, by name (a declaration: decision-service holds no scripts)
 * @param featureFlag the flag the change is behind, if any (the rollback can turn it off)
 * @param blueGreen the previous version keeps running beside this one (the rollback can switch traffic back)
 * @param database the database the release migrates, as registered with backup-service
 * @param takeBackup take a pre-deploy backup of {@code database} and verify it, instead of looking for one
 * @param requirePreflight refuse the release (422, nothing stored) when a check decided at request time fails
 * @param baselineQuery PromQL of the service's error rate in percent now; defaults to REWIND_RELEASE_BASELINE_QUERY
 * @param baselineMaxErrorRatePercent the health baseline fails at or above it; defaults to the setting
 * @param analysis an analysis to start for the release: POST /api/analyses' body; its service and release are the
 *        release's
 */
public record ReleaseSpec(
        @NotBlank @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
        @NotBlank @Size(max = 200) @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String version,
        @Size(max = 500) @Pattern(regexp = "[^\\s]*", message = "must not contain spaces") String image,
        @Size(max = 100) @Pattern(regexp = "[0-9A-Za-z._/-]*", message = "letters, digits, '.', '_', '/' and '-'") String commit,
        @Size(max = 200) @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String lastKnownGood,
        @NotNull Release.Migration migration,
        @Size(max = 200) String downMigration,
        @Size(max = 200) String featureFlag,
        Boolean blueGreen,
        @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String database,
        Boolean takeBackup,
        Boolean requirePreflight,
        @Size(max = 4000) String baselineQuery,
        @DecimalMin("0") @DecimalMax("100") Double baselineMaxErrorRatePercent,
        AnalysisSpec analysis) {

    static final String VERSION = "[0-9A-Za-z][0-9A-Za-z._+-]*";
    static final String VERSION_MESSAGE = "a version or tag: letters, digits, '.', '_', '+' and '-'";

    public boolean wantsBackup() {
        return Boolean.TRUE.equals(takeBackup);
    }
}
