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
import io.rewind.common.security.Services;
import io.rewind.status.Incident;
import io.rewind.status.config.IncidentConfig;
import io.rewind.status.service.IncidentService;

@Path("/api/admin/incidents")
public class IncidentResource {

    private final IncidentService incidents;
    private final IncidentConfig config;

    public IncidentResource(IncidentService incidents, IncidentConfig config) {
        this.incidents = incidents;
        this.config = config;
    }

    @POST
    @RolesAllowed({ Role.OPERATOR_NAME, Services.EXECUTOR })
    @Operation(summary = "Open an incident with its first update",
            description = "Several incidents may be open at once. Named components take the status given.")
    public Uni<Response> create(@Valid @NotNull IncidentRequest body, @Context UriInfo uri) {
        return incidents.create(body.toDraft()).map(detail -> Response
                .created(uri.getAbsolutePathBuilder().path(detail.incident().id.toString()).build())
                .entity(IncidentResponse.from(detail, config.staleAfter())).build());
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "Incidents, newest first", description = "open=true for open ones only, open=false for closed ones.")
    public Uni<List<IncidentResponse>> list(
            @QueryParam("open") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String open) {
        return incidents.list(Incident.INCIDENT, QueryParams.booleanValue("open", open))
                .map(list -> list.stream().map(d -> IncidentResponse.from(d, config.staleAfter())).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "One incident with its updates, newest first")
    public Uni<IncidentResponse> get(@PathParam("id") UUID id) {
        return incidents.get(Incident.INCIDENT, id).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Change an incident's name, impact or start", description = "Its status moves by updates only.")
    public Uni<IncidentResponse> patch(@PathParam("id") UUID id, @Valid @NotNull IncidentPatchRequest body) {
        return incidents.edit(Incident.INCIDENT, id, body.toEdit()).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @POST
    @Path("/{id}/updates")
    @RolesAllowed({ Role.OPERATOR_NAME, Services.EXECUTOR })
    @Operation(summary = "Post an update",
            description = "Resolving returns the incident's components to operational unless another open incident "
                    + "still holds them.")
    public Uni<Response> update(@PathParam("id") UUID id, @Valid @NotNull IncidentUpdateRequest body, @Context UriInfo uri) {
        return incidents.addUpdate(Incident.INCIDENT, id, body.toDraft()).map(detail -> Response
                .created(uri.getAbsolutePathBuilder().path(detail.updates().get(0).id.toString()).build())
                .entity(IncidentResponse.from(detail, config.staleAfter())).build());
    }
}
