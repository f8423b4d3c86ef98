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

import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.QueryParams;
import io.rewind.common.security.Role;
import io.rewind.status.Incident;
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
        return incidents.create(body.toDraft()).map(detail -> Response
                .created(uri.getAbsolutePathBuilder().path(detail.incident().id.toString()).build())
                .entity(IncidentResponse.from(detail, config.staleAfter())).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Maintenances, latest scheduled first", description = "open=true for those not completed.")
    public Uni<List<IncidentResponse>> list(
            @QueryParam("open") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String open) {
        return incidents.list(Incident.MAINTENANCE, QueryParams.booleanValue("open", open))
                .map(list -> list.stream().map(d -> IncidentResponse.from(d, config.staleAfter())).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One maintenance with its updates, newest first")
    public Uni<IncidentResponse> get(@PathParam("id") UUID id) {
        return incidents.get(Incident.MAINTENANCE, id).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Rename or reschedule a maintenance")
    public Uni<IncidentResponse> patch(@PathParam("id") UUID id, @Valid @NotNull MaintenancePatchRequest body) {
        return incidents.edit(Incident.MAINTENANCE, id, body.toEdit()).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @POST
    @Path("/{id}/updates")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Move a maintenance on (in_progress, verifying, completed) with a note to readers")
    public Uni<Response> update(@PathParam("id") UUID id, @Valid @NotNull MaintenanceUpdateRequest body,
            @Context UriInfo uri) {
        return incidents.addUpdate(Incident.MAINTENANCE, id, body.toDraft()).map(detail -> Response
                .created(uri.getAbsolutePathBuilder().path(detail.updates().get(0).id.toString()).build())
                .entity(IncidentResponse.from(detail, config.staleAfter())).build());
    }
}
