package io.rewind.backup.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;
import io.rewind.common.rest.ListPage;

@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<Verification, UUID> {

    public Uni<List<Verification>> page(UUID backupId, ListPage page) {
        return find("backupId", Sort.descending("requestedAt", "id"), backupId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The oldest verification of a backup still waiting or running, scheduled or asked for; null when none. */
    public Uni<Verification> underWay(UUID backupId) {
        return find("backupId = ?1 and status in ?2", Sort.ascending("requestedAt", "id"), backupId,
                List.of(VerificationStatus.PENDING, VerificationStatus.RUNNING)).firstResult();
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
