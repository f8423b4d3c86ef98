package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.decision.Release;
import io.rewind.decision.release.Preflight;

/**
 * A release with its preflight.
 *
 * @param preflight each of seed 003's checks (backup, migration, healthBaseline): PASSED, FAILED, SKIPPED, or RUNNING
 *        while the backup the request asked for is being taken and verified
 * @param backupId the backup the preflight took, when it was asked to take one
 * @param analysisId the analysis started for the release, when one was asked for
 */
public record ReleaseResponse(UUID id, String service, String version, String image, String commit,
        String lastKnownGood, Release.Migration migration, String downMigration, String featureFlag, boolean blueGreen,
        String database, Release.Status status, List<Preflight.Check> preflight, String backupId, UUID analysisId,
        OffsetDateTime releasedAt, String releasedBy) {

    static ReleaseResponse from(Release r) {
        return new ReleaseResponse(r.id, r.service, r.version, r.image, r.commit, r.lastKnownGood, r.migration,
                r.downMigration, r.featureFlag, r.blueGreen, r.database, r.status, r.preflight.checks(), r.backupId,
                r.analysisId, r.releasedAt, r.releasedBy);
    }
}
