package io.rewind.executor.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.executor.action.StepActions;
import io.rewind.executor.service.PlanService;

@Path("/api/plans")
public class PlanResource {

    private final PlanService plans;
    private final SecurityIdentity identity;
    private final StepActions actions;

    public PlanResource(PlanService plans, SecurityIdentity identity, StepActions actions) {
        this.plans = plans;
        this.identity = identity;
        this.actions = actions;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Store a rollback plan: version 1 of a new name, or the next version of an existing plan",
            description = "Each step's params are checked against its kind; a failing one is named, e.g. steps[2].params.replicas. "
                    + "409 when the name belongs to another service's plan, or another version was stored at the same moment.")
    public Uni<Response> create(@Valid @NotNull PlanRequest body) {
        return plans.create(body.name(), body.service(), body.description(), body.steps(), identity.getPrincipal().getName())
                .map(plan -> Response.created(URI.create("/api/plans/" + plan.id)).entity(PlanResponse.from(plan, actions)).build());
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "The newest version of every plan, by name, a page at a time; ?service= keeps one service's plans",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<PlanSummary>>> list(
            @QueryParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return plans.newest(service, page).map(list -> page.respond(list.stream().map(PlanSummary::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One version of a plan, with its steps")
    public Uni<PlanResponse> get(@PathParam("id") UUID id) {
        return plans.get(id).map(plan -> PlanResponse.from(plan, actions));
    }

    @GET
    @Path("/{name}/versions")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Every version of a plan, newest first, a page at a time",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next. 404 when no "
                    + "plan has that name.")
    public Uni<RestResponse<List<PlanSummary>>> versions(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return plans.versions(name, page).map(list -> page.respond(list.stream().map(PlanSummary::from).toList(), uri));
    }
}
