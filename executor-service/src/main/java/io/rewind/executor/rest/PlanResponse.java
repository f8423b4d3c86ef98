package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.executor.Plan;
import io.rewind.executor.Step;
import io.rewind.executor.action.StepActions;

/** A version of a rollback plan, with its steps as they will run (every timeout resolved). */
public record PlanResponse(UUID id, String name, String service, int version, String description,
        OffsetDateTime createdAt, String createdBy, List<Step> steps) {

    /** The plan with each step's parameters as its kind shows them: possible secrets (literal env values) masked. */
    static PlanResponse from(Plan plan, StepActions actions) {
        return new PlanResponse(plan.id, plan.name, plan.service, plan.version, plan.description, plan.createdAt,
                plan.createdBy, plan.steps.items().stream().map(step -> step.kind() == null ? step
                        : new Step(step.name(), step.kind(), step.target(), actions.shown(step.kind(), step.params()),
                                step.timeout(), step.continueOnFailure())).toList());
    }
}
