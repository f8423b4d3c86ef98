package io.rewind.executor.rest;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.executor.Step;
import io.rewind.executor.service.StepValidator;

/**
 * The body of {@code POST /api/plans}. Steps are checked by {@link StepValidator}, which names the failing field of
 * each ({@code steps[2].params.replicas}).
 *
 * @param name the plan's name; storing a plan under an existing name stores its next version
 * @param service the service the plan rolls back
 */
public record PlanRequest(
        @NotNull @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
        @NotNull @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
        @Size(max = 2000) String description,
        @NotNull @Size(min = 1, max = StepValidator.MAX_STEPS, message = "must have from {min} to {max} steps") List<Step> steps) {
}
