package io.rewind.backup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.Retention;
import io.rewind.backup.VerificationStatus;

/** Which backups retention deletes: {@link RetentionService#toDelete}. */
class RetentionPolicyTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private static Backup backup(int daysAgo, BackupStatus status, VerificationStatus verification) {
        Backup backup = new Backup();
        backup.id = UUID.randomUUID();
        backup.status = status;
        backup.verificationStatus = verification;
        backup.requestedAt = NOW.minusDays(daysAgo);
        backup.startedAt = backup.requestedAt;
        return backup;
    }

    @Test
    void keepsTheNewestNAndThoseYoungerThanTheDaysAndNeverTheNewestVerified() {
        Backup today = backup(0, BackupStatus.SUCCEEDED, null);
        Backup yesterday = backup(1, BackupStatus.SUCCEEDED, VerificationStatus.FAILED);
        Backup old = backup(10, BackupStatus.SUCCEEDED, null);
        Backup oldVerified = backup(20, BackupStatus.SUCCEEDED, VerificationStatus.VERIFIED);
        Backup older = backup(30, BackupStatus.SUCCEEDED, VerificationStatus.VERIFIED);
        List<Backup> all = List.of(today, yesterday, old, oldVerified, older);

        assertEquals(List.of(old, older), RetentionService.toDelete(all, new Retention(1, 7), Set.of(), NOW));
        assertEquals(List.of(older), RetentionService.toDelete(all, new Retention(3, 0), Set.of(), NOW));
        assertEquals(List.of(), RetentionService.toDelete(all, new Retention(5, 0), Set.of(), NOW));
    }

    @Test
    void failedBackupsDoNotCountTowardsTheNewestNAndUnfinishedOrBusyOnesStay() {
        Backup running = backup(0, BackupStatus.RUNNING, null);
        Backup failed = backup(8, BackupStatus.FAILED, null);
        Backup good = backup(9, BackupStatus.SUCCEEDED, null);
        Backup busy = backup(10, BackupStatus.SUCCEEDED, null);
        Backup stale = backup(11, BackupStatus.SUCCEEDED, null);

        assertEquals(List.of(failed, stale), RetentionService.toDelete(List.of(running, failed, good, busy, stale),
                new Retention(1, 7), Set.of(busy.id), NOW));
    }
}
