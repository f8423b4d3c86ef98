package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.rewind.executor.Plan;

/** A version of a plan in a list: its steps are at {@code GET /api/plans/{id}}. */
public record PlanSummary(UUID id, String name, String service, int version, String description, int stepCount,
        OffsetDateTime createdAt, String createdBy) {

    static PlanSummary from(Plan plan) {
        return new PlanSummary(plan.id, plan.name, plan.service, plan.version, plan.description, plan.steps.items().size(),
                plan.createdAt, plan.createdBy);
    }
}
