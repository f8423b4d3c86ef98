package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.executor.Plan;
import io.rewind.executor.Step;

/** A version of a rollback plan, with its steps as they will run (every timeout resolved). */
public record PlanResponse(UUID id, String name, String service, int version, String description,
        OffsetDateTime createdAt, String createdBy, List<Step> steps) {

    static PlanResponse from(Plan plan) {
        return new PlanResponse(plan.id, plan.name, plan.service, plan.version, plan.description, plan.createdAt,
                plan.createdBy, plan.steps.items());
    }
}
