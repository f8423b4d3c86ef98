package io.rewind.decision.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import io.rewind.common.security.Role;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.service.AssessmentService;

@Path("/api/assessments")
public class AssessmentResource {

    private final AssessmentService assessments;

    public AssessmentResource(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @POST
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Score an incident's signals without storing anything",
            description = "Returns the decision, impact score, approval, strategy and every criterion with its reason.")
    public Uni<AssessmentResponse> assess(@Valid @NotNull Signals body) {
        return assessments.assess(body).map(AssessmentResponse::from);
    }
}
