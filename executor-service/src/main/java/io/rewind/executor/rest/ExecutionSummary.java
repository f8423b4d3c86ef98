package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStatus;

/**
 * An execution in a list, without its steps; {@code breakGlass} marks inline steps an admin ran instead of a plan,
 * {@code targetHeld} a cancelled one whose still-running step holds its target.
 */
public record ExecutionSummary(UUID id, String target, UUID planId, String incidentId, boolean dryRun, boolean breakGlass,
        ExecutionStatus status, boolean targetHeld, String reason, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime endedAt) {

    static ExecutionSummary from(Execution e) {
        return new ExecutionSummary(e.id, e.target, e.planId, e.incidentId, e.dryRun, e.breakGlass, e.status, e.targetHeld,
                e.reason, e.createdAt, e.startedAt, e.endedAt);
    }
}
