package io.rewind.executor.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.executor.Step;
import io.rewind.executor.service.StepValidator;

/**
 * The body of {@code POST /api/executions}: a stored plan ({@code planId}) or inline {@code steps}, not both.
 *
 * @param target what is rolled back; defaults to the plan's service. One real execution per target runs at a time.
 * @param incidentId the decision-service incident this rollback answers, if any
 * @param release the rollback's direction, for the log, the public incident and the timeline: {@code from} the version
 *     running now (the bad one), {@code to} the version it goes back to
 * @param dryRun each step says what it would change, and nothing changes
 */
public record ExecutionRequest(
        UUID planId,
        @Size(min = 1, max = StepValidator.MAX_STEPS, message = "must have from {min} to {max} steps") List<Step> steps,
        @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String target,
        @Size(max = 200) String incidentId,
        @Valid Release release,
        Boolean dryRun) {

    public record Release(@Size(max = 200) String from, @Size(max = 200) String to) {
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
