package io.rewind.backup.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.VerificationStatus;

@ApplicationScoped
public class BackupRepository implements PanacheRepositoryBase<Backup, UUID> {

    /** Newest first; every database's when {@code database} is null. Backups being deleted are left out. */
    public Uni<List<Backup>> listNewestFirst(String database) {
        Sort sort = Sort.descending("requestedAt", "id");
        return database == null ? list("status <> ?1", sort, BackupStatus.DELETING)
                : list("databaseName = ?1 and status <> ?2", sort, database, BackupStatus.DELETING);
    }

    public Uni<Backup> newestVerified(String database) {
        return find("databaseName = ?1 and status = ?2 and verificationStatus = ?3",
                Sort.descending("startedAt", "id"), database, BackupStatus.SUCCEEDED, VerificationStatus.VERIFIED)
                .firstResult();
    }

    public Uni<Backup> newestSucceeded(String database) {
        return find("databaseName = ?1 and status = ?2", Sort.descending("startedAt", "id"), database,
                BackupStatus.SUCCEEDED).firstResult();
    }
}
