package io.rewind.executor.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.problem.QueryParams;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.action.StepActions;
import io.rewind.executor.service.ApprovalService;
import io.rewind.executor.service.CompensationService;
import io.rewind.executor.service.ExecutionEvents;
import io.rewind.executor.service.ExecutionService;

@Path("/api/executions")
public class ExecutionResource {

    private final ExecutionService executions;
    private final ExecutionEvents events;
    private final CompensationService compensations;
    private final ApprovalService approvals;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final StepActions actions;

    public ExecutionResource(ExecutionService executions, ExecutionEvents events, CompensationService compensations,
            ApprovalService approvals, SecurityIdentity identity, ObjectMapper json, StepActions actions) {
        this.actions = actions;
        this.executions = executions;
        this.events = events;
        this.compensations = compensations;
        this.approvals = approvals;
        this.identity = identity;
        this.json = json;
    }

    @POST
    @RolesAllowed({ Role.OPERATOR_NAME, Services.DECISION })
    @Operation(summary = "Start an execution of a stored plan (operators) or of inline steps (admins only: break glass)",
            description = "202 with Location for a new execution. 403 for inline steps without an admin key; 409 when a "
                    + "stored plan no longer fits its targets (the errors say what to change). A repeat with the same Idempotency-Key returns the first "
                    + "request's execution with 200 and starts nothing. 409 with runningExecutionId when the target already "
                    + "has a running execution. With dryRun, each step says what it would change and nothing changes.")
    public Uni<Response> start(@Valid @NotNull ExecutionRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return executions.start(body, idempotencyKey, identity.getPrincipal().getName(), identity.hasRole(Role.ADMIN_NAME))
                .flatMap(started -> executions.get(started.execution().id)
                        .map(detail -> Response.status(started.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                                .location(URI.create("/api/executions/" + started.execution().id))
                                .entity(ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown)).build()));
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "Executions, newest first (at most 200); ?target= and ?status= narrow the list")
    public Uni<List<ExecutionSummary>> list(
            @QueryParam("target") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String target,
            @QueryParam("status") @Parameter(schema = @Schema(implementation = ExecutionStatus.class)) String status) {
        return executions.list(target, QueryParams.enumValue(ExecutionStatus.class, "status", status)).map(list -> list.stream().map(ExecutionSummary::from).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "One execution with every step: status, start and end, before and after state, output, error")
    public Uni<ExecutionResponse> get(@PathParam("id") UUID id) {
        return executions.get(id).map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown));
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events of the execution's progress: every step as it is, then each change, "
            + "then an 'execution' event with the final status, after which the stream ends")
    public Multi<ExecutionEvents.Event> events(@PathParam("id") UUID id) {
        // An unknown id was answered 404 by UnknownExecutionFilter, before the stream's headers were sent.
        return events.stream(id);
    }

    @POST
    @Path("/{id}/steps/{position}/compensate")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Blocking
    @Operation(summary = "Undo one step of an ended execution (scale back, switch back, template back)",
            description = "409 while the execution is active, for a step that never acted or cannot compensate, and when "
                    + "the step has already been compensated. The result is the step's compensation, done or failed.")
    public ExecutionResponse compensate(@PathParam("id") UUID id, @PathParam("position") int position) throws Throwable {
        compensations.compensate(id, position, identity.getPrincipal().getName());
        return VertxContextSupport.subscribeAndAwait(() -> executions.get(id)
                .map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown)));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Cancel a pending or running execution; 409 when it has already ended")
    public Uni<ExecutionResponse> cancel(@PathParam("id") UUID id) {
        return executions.cancel(id, identity.getPrincipal().getName())
                .map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown));
    }

    @POST
    @Path("/{id}/steps/{position}/approve")
    @RolesAllowed(Role.APPROVER_NAME)
    // The body is optional, so any content type is accepted: a bare POST (curl -X POST) approves without a comment.
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Continue an execution waiting at an approval step",
            description = "Optional body {\"comment\": \"...\"}. Who, when and the comment are recorded on the step. 409 when "
                    + "the step is not an approval step waiting for a decision, or the execution has ended.")
    public Uni<ExecutionResponse> approve(@PathParam("id") UUID id, @PathParam("position") int position, String body) {
        return approvals.decide(id, position, true, identity.getPrincipal().getName(), DecisionRequest.comment(json, body))
                .map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown));
    }

    @POST
    @Path("/{id}/steps/{position}/reject")
    @RolesAllowed({ Role.OPERATOR_NAME, Role.APPROVER_NAME })
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stop an execution waiting at an approval step: the step and the execution fail",
            description = "Optional body {\"comment\": \"...\"}, which becomes part of the failure's reason. 409 as for approve.")
    public Uni<ExecutionResponse> reject(@PathParam("id") UUID id, @PathParam("position") int position, String body) {
        return approvals.decide(id, position, false, identity.getPrincipal().getName(), DecisionRequest.comment(json, body))
                .map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown));
    }
}
