package io.rewind.decision.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rewind.decision.Release;
import io.rewind.decision.engine.BackupReadiness;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.release.Preflight.Outcome;

class PreflightChecksTest {

    static final BackupReadiness READY = new BackupReadiness(BackupReadiness.State.READY, "b-1", Duration.ofMinutes(90),
            null, List.of());
    static final BackupReadiness STALE = new BackupReadiness(BackupReadiness.State.NOT_READY, null, null, null,
            List.of("the newest verified backup is 9 h old"));

    @Test
    void anIrreversibleMigrationPassesOnlyWithAVerifiedBackup() {
        Preflight.Check ready = PreflightChecks.backup("shop", false, READY, 4);
        assertEquals(Outcome.PASSED, ready.outcome());
        assertTrue(ready.reason().contains("1 h 30 min old"), ready.reason());
        assertEquals(Outcome.PASSED, PreflightChecks.migration(Release.Migration.IRREVERSIBLE, null, ready).outcome());

        Preflight.Check stale = PreflightChecks.backup("shop", false, STALE, 4);
        assertEquals(Outcome.FAILED, stale.outcome());
        assertEquals(Outcome.FAILED, PreflightChecks.migration(Release.Migration.IRREVERSIBLE, null, stale).outcome());

        Preflight.Check none = PreflightChecks.backup(null, false, null, 4);
        assertEquals(Outcome.SKIPPED, none.outcome());
        assertEquals(Outcome.FAILED, PreflightChecks.migration(Release.Migration.IRREVERSIBLE, null, none).outcome());

        Preflight.Check taking = PreflightChecks.backup("shop", true, null, 4);
        assertEquals(Outcome.RUNNING, taking.outcome());
        assertEquals(Outcome.RUNNING, PreflightChecks.migration(Release.Migration.IRREVERSIBLE, null, taking).outcome());
    }

    @Test
    void aReversibleMigrationNeedsItsDownMigrationAndTheOthersPass() {
        Preflight.Check skipped = PreflightChecks.backup(null, false, null, 4);
        assertEquals(Outcome.FAILED, PreflightChecks.migration(Release.Migration.REVERSIBLE, " ", skipped).outcome());
        assertEquals(Outcome.PASSED, PreflightChecks.migration(Release.Migration.REVERSIBLE, "down-v2", skipped).outcome());
        assertEquals(Outcome.PASSED, PreflightChecks.migration(Release.Migration.ADDITIVE, null, skipped).outcome());
        assertEquals(Outcome.PASSED, PreflightChecks.migration(Release.Migration.NONE, null, skipped).outcome());
    }

    @Test
    void theHealthBaselineIsBelowTheThresholdOrFails() {
        assertEquals(Outcome.SKIPPED, PreflightChecks.healthBaseline(null, null, null, 5).outcome());
        assertEquals(Outcome.PASSED, PreflightChecks.healthBaseline("q", 4.99, null, 5).outcome());
        assertEquals(Outcome.FAILED, PreflightChecks.healthBaseline("q", 5.0, null, 5).outcome());
        assertEquals(Outcome.FAILED, PreflightChecks.healthBaseline("q", Double.NaN, null, 5).outcome());
        Preflight.Check unmeasured = PreflightChecks.healthBaseline("q", null, "Prometheus answered HTTP 400", 5);
        assertEquals(Outcome.FAILED, unmeasured.outcome());
        assertTrue(unmeasured.reason().contains("HTTP 400"));
    }

    @Test
    void aFinishedBackupDecidesTheStatus() {
        Preflight running = new Preflight(List.of(PreflightChecks.backup("shop", true, null, 4),
                PreflightChecks.migration(Release.Migration.NONE, null, PreflightChecks.backup("shop", true, null, 4)),
                PreflightChecks.healthBaseline(null, null, null, 5)));
        assertEquals(Release.Status.PREFLIGHT_RUNNING, ReleaseService.status(running));
        assertEquals(Release.Status.READY, ReleaseService.status(running.with(PreflightChecks.backupVerified("shop", "b-2"))));
        assertEquals(Release.Status.PREFLIGHT_FAILED, ReleaseService.status(running.with(PreflightChecks.backupFailed("no"))));
    }

    @Test
    void anIncidentTakesWhatItsReportLeavesOutFromTheRelease() {
        Release release = new Release();
        release.version = "v2";
        release.lastKnownGood = "v1";
        release.migration = Release.Migration.ADDITIVE;
        release.featureFlag = "new-pricing";
        release.database = "shop";
        Signals bare = new Signals("checkout", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        Signals filled = ReleaseLinker.complete(bare, release);
        assertEquals(new Signals.Release("v1", "v2"), filled.release());
        assertEquals(Signals.DataMigration.NONE, filled.dataMigration());
        assertEquals(Boolean.TRUE, filled.featureFlagged());
        assertEquals(Boolean.FALSE, filled.blueGreen());
        assertEquals("shop", filled.database());

        Signals told = new Signals("checkout", new Signals.Release("v0", "v2"), null, null, null,
                Signals.DataMigration.IRREVERSIBLE, null, null, null, null, null, null, null, null, null, false, true, "ledger");
        Signals kept = ReleaseLinker.complete(told, release);
        assertEquals(new Signals.Release("v0", "v2"), kept.release());
        assertEquals(Signals.DataMigration.IRREVERSIBLE, kept.dataMigration());
        assertEquals(Boolean.FALSE, kept.featureFlagged());
        assertEquals(Boolean.TRUE, kept.blueGreen());
        assertEquals("ledger", kept.database());
    }
}
