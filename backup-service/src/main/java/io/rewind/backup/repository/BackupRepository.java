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
import io.rewind.common.rest.ListPage;

@ApplicationScoped
public class BackupRepository implements PanacheRepositoryBase<Backup, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("requestedAt", "id");

    /** Newest first, all of them: for retention. Backups being deleted are left out. */
    public Uni<List<Backup>> listNewestFirst(String database) {
        return list("databaseName = ?1 and status <> ?2", NEWEST_FIRST, database, BackupStatus.DELETING);
    }

    /** One page, newest first; every database's when {@code database} is null. Backups being deleted are left out. */
    public Uni<List<Backup>> page(String database, ListPage page) {
        var query = database == null ? find("status <> ?1", NEWEST_FIRST, BackupStatus.DELETING)
                : find("databaseName = ?1 and status <> ?2", NEWEST_FIRST, database, BackupStatus.DELETING);
        return query.range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The oldest backup of a database still waiting or running, whatever asked for it; null when there is none. */
    public Uni<Backup> underWay(String database) {
        return find("databaseName = ?1 and status in ?2", Sort.ascending("requestedAt", "id"), database,
                List.of(BackupStatus.PENDING, BackupStatus.RUNNING)).firstResult();
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
