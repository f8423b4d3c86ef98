package io.rewind.executor.repository;

import java.time.OffsetDateTime;
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
     * Marks what a cancelled execution will no longer run: steps not started are SKIPPED; a step that is waiting (no
     * worker holds it) is CANCELLED. A step a worker is acting on right now keeps RUNNING until that worker records
     * what it did.
     */
    public Uni<Integer> cancelOpenSteps(UUID executionId, String by, OffsetDateTime now) {
        return update("status = ?1 where executionId = ?2 and status = ?3", StepStatus.SKIPPED, executionId, StepStatus.PENDING)
                .flatMap(skipped -> update("status = ?1, endedAt = ?2, error = ?3, leaseUntil = null, nextAttemptAt = null"
                        + " where executionId = ?4 and status = ?5 and (leaseUntil is null or leaseUntil < ?2)",
                        StepStatus.CANCELLED, now, "cancelled by " + by + " while waiting", executionId, StepStatus.RUNNING)
                        .map(cancelled -> skipped + cancelled));
    }
}
