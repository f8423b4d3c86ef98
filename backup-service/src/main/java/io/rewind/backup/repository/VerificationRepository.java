package io.rewind.backup.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;

@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<Verification, UUID> {

    public Uni<List<Verification>> listByBackup(UUID backupId) {
        return list("backupId", Sort.descending("requestedAt", "id"), backupId);
    }

    /** The newest finished verification of a database, whichever backup it verified. */
    public Uni<Verification> newestFinished(String database) {
        return find("databaseName = ?1 and status in ?2", Sort.descending("endedAt", "id"), database,
                List.of(VerificationStatus.VERIFIED, VerificationStatus.FAILED)).firstResult();
    }

    /** The newest verification of a database that measured a restore. */
    public Uni<Verification> newestWithRestoreDuration(String database) {
        return find("databaseName = ?1 and restoreDurationMs is not null", Sort.descending("endedAt", "id"), database)
                .firstResult();
    }
}
