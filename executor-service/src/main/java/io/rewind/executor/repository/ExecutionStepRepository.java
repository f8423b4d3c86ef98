package io.rewind.executor.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.executor.ExecutionStep;
import io.rewind.executor.StepStatus;

@ApplicationScoped
public class ExecutionStepRepository implements PanacheRepositoryBase<ExecutionStep, UUID> {

    public Uni<List<ExecutionStep>> listOf(UUID executionId) {
        return list("executionId", Sort.ascending("position"), executionId);
    }

    /**
     * Marks what a cancelled execution will no longer run: steps not started are SKIPPED; the waiting steps in
     * {@code waiting} (no worker holds them, and none has anything in flight) are CANCELLED. A step a worker is acting on
     * right now keeps RUNNING until that worker records what it did, and so does a step followed to its end.
     */
    public Uni<Integer> cancelOpenSteps(UUID executionId, String by, OffsetDateTime now, Collection<UUID> waiting) {
        Uni<Integer> skipped = update("status = ?1 where executionId = ?2 and status = ?3", StepStatus.SKIPPED, executionId,
                StepStatus.PENDING);
        if (waiting.isEmpty()) {
            return skipped;
        }
        return skipped.flatMap(count -> update("status = ?1, endedAt = ?2, error = ?3, leaseUntil = null, nextAttemptAt = null"
                + " where id in ?4 and status = ?5 and (leaseUntil is null or leaseUntil < ?2)",
                StepStatus.CANCELLED, now, "cancelled by " + by + " while waiting", waiting, StepStatus.RUNNING)
                .map(cancelled -> count + cancelled));
    }
}
