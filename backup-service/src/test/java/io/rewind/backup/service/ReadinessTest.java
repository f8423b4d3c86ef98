package io.rewind.backup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.backup.Backup;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;

/** {@link Readiness#evaluate}: ready only with a verified backup younger than the maximum age, else every reason. */
class ReadinessTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private static RegisteredDatabase database() {
        RegisteredDatabase database = new RegisteredDatabase();
        database.name = "shop";
        return database;
    }

    private static Backup backupTaken(Duration ago) {
        Backup backup = new Backup();
        backup.id = UUID.randomUUID();
        backup.startedAt = NOW.minus(ago);
        return backup;
    }

    private static Verification verification(VerificationStatus status, Long restoreMillis) {
        Verification verification = new Verification();
        verification.backupId = UUID.randomUUID();
        verification.status = status;
        verification.error = status == VerificationStatus.FAILED ? "checksum: checksum mismatch" : null;
        verification.restoreDurationMs = restoreMillis;
        return verification;
    }

    @Test
    void aYoungVerifiedBackupIsReadyWithItsAgeAndRestoreDuration() {
        Backup backup = backupTaken(Duration.ofMinutes(90));
        Verification verified = verification(VerificationStatus.VERIFIED, 4200L);
        Readiness readiness = Readiness.evaluate(new JobStore.ReadinessFacts(database(), backup, verified, verified), 4,
                NOW);
        assertTrue(readiness.ready());
        assertEquals(Duration.ofMinutes(90), readiness.age());
        assertEquals(Duration.ofMillis(4200), readiness.lastRestoreDuration());
        assertTrue(readiness.reasons().isEmpty());
    }

    @Test
    void tooOldOrNoneIsNotReadyWithEveryReason() {
        Readiness old = Readiness.evaluate(new JobStore.ReadinessFacts(database(), backupTaken(Duration.ofHours(5)),
                verification(VerificationStatus.FAILED, null), null), 4, NOW);
        assertFalse(old.ready());
        assertEquals(2, old.reasons().size(), old.reasons().toString());
        assertTrue(old.reasons().get(0).contains("PT5H old, older than 4 h"), old.reasons().get(0));
        assertTrue(old.reasons().get(1).contains("checksum mismatch"));

        Readiness none = Readiness.evaluate(new JobStore.ReadinessFacts(database(), null, null, null), 4, NOW);
        assertFalse(none.ready());
        assertNull(none.age());
        assertEquals(1, none.reasons().size());
        assertTrue(none.reasons().get(0).contains("no verified backup of 'shop'"));
    }
}
