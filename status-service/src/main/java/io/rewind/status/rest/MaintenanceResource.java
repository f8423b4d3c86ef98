package io.rewind.status.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.status.IncidentKind;
import io.rewind.status.config.IncidentConfig;
import io.rewind.status.service.IncidentService;

/** Scheduled maintenances: announced ahead, their components under maintenance while in progress or verifying. */
@Path("/api/admin/maintenances")
public class MaintenanceResource {

    private final IncidentService incidents;
    private final IncidentConfig config;

    public MaintenanceResource(IncidentService incidents, IncidentConfig config) {
        this.incidents = incidents;
        this.config = config;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Schedule a maintenance")
    public Uni<Response> create(@Valid @NotNull MaintenanceRequest body, @Context UriInfo uri) {
        return incidents.create(body.toDraft(), null).map(posted -> Response
                .created(uri.getAbsolutePathBuilder().path(posted.detail().incident().id.toString()).build())
                .entity(IncidentResponse.from(posted.detail(), config.staleAfter())).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Maintenances, latest scheduled first, a page at a time",
            description = "open=true for those not completed. limit (default 50, at most 500) and offset; a full page "
                    + "carries Link rel=next.")
    public Uni<RestResponse<List<IncidentResponse>>> list(
            @QueryParam("open") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String open,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        Boolean openOnly = QueryParams.booleanValue("open", open);
        ListPage page = ListPage.of(limit, offset);
        return incidents.list(IncidentKind.MAINTENANCE, openOnly, page).map(list -> page.respond(
                list.stream().map(d -> IncidentResponse.from(d, config.staleAfter())).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One maintenance with its updates, newest first")
    public Uni<IncidentResponse> get(@PathParam("id") UUID id) {
        return incidents.get(IncidentKind.MAINTENANCE, id).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Rename or reschedule a maintenance")
    public Uni<IncidentResponse> patch(@PathParam("id") UUID id, @Valid @NotNull MaintenancePatchRequest body) {
        return incidents.edit(IncidentKind.MAINTENANCE, id, body.toEdit()).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @POST
    @Path("/{id}/updates")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Move a maintenance on (in_progress, verifying, completed) with a note to readers")
    public Uni<Response> update(@PathParam("id") UUID id, @Valid @NotNull MaintenanceUpdateRequest body,
            @Context UriInfo uri) {
        return incidents.addUpdate(IncidentKind.MAINTENANCE, id, body.toDraft(), null).map(posted -> Response
                .created(uri.getAbsolutePathBuilder().path(posted.updateId().toString()).build())
                .entity(IncidentResponse.from(posted.detail(), config.staleAfter())).build());
    }
}
