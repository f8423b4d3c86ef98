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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
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
                    + "has a running execution, or a cancelled one whose step is still running. With dryRun, each step says "
                    + "what it would change and nothing changes. 429 with Retry-After when the caller already has "
                    + "rewind.executor.queue.max-dry-runs-per-caller dry runs (or max-inline-runs-per-caller inline "
                    + "executions) pending or running.")
    public Uni<Response> start(@Valid @NotNull ExecutionRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return executions.start(body, idempotencyKey, identity.getPrincipal().getName(), identity.hasRole(Role.ADMIN_NAME))
                .flatMap(started -> executions.get(started.execution().id)
                        .map(detail -> Response.status(started.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                                .location(URI.create("/api/executions/" + started.execution().id))
                                .entity(ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown)).build()));
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "Executions, newest first, a page at a time; ?target= and ?status= narrow the list",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next. A service's "
                    + "key sees only the executions it started.")
    public Uni<RestResponse<List<ExecutionSummary>>> list(
            @QueryParam("target") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String target,
            @QueryParam("status") @Parameter(schema = @Schema(implementation = ExecutionStatus.class)) String status,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ExecutionStatus wanted = QueryParams.enumValue(ExecutionStatus.class, "status", status);
        ListPage page = ListPage.of(limit, offset);
        return executions.list(target, wanted, ownRowsOnly(), page)
                .map(list -> page.respond(list.stream().map(ExecutionSummary::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "One execution with every step: status, start and end, before and after state, output, error",
            description = "404 for an unknown execution, and for a service's key when that service did not start it.")
    public Uni<ExecutionResponse> get(@PathParam("id") UUID id) {
        return executions.get(id, ownRowsOnly())
                .map(detail -> ExecutionResponse.from(detail.execution(), detail.steps(), actions::shown));
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events of the execution's progress: every step as it is, then each change, "
            + "then an 'execution' event with the final status, after which the stream ends",
            description = "429 with Retry-After when this replica already has as many streams open as it allows, of "
                    + "this execution (rewind.executor.events.max-streams-per-execution) or in all (max-streams).")
    public Multi<ExecutionEvents.Event> events(@PathParam("id") UUID id) {
        // An unknown id (or, for a service's key, one it did not start) was answered 404 by UnknownExecutionFilter,
        // before the stream's headers were sent; a full stream limit is a 429 thrown here, before them too.
        return events.stream(id);
    }

    /**
     * The caller whose executions alone it may read, when it is a service's key (decision-service follows the
     * executions it started, no others); null for a person's key, which reads every execution.
     */
    private String ownRowsOnly() {
        return ownRowsOnly(identity);
    }

    static String ownRowsOnly(SecurityIdentity identity) {
        return identity.hasRole(Role.VIEWER_NAME) ? null : identity.getPrincipal().getName();
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
