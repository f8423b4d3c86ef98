package io.rewind.status.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.status.IncidentKind;
import io.rewind.status.config.IncidentConfig;
import io.rewind.status.service.Idempotency;
import io.rewind.status.service.IncidentService;
import io.rewind.status.service.Posted;

@Path("/api/admin/incidents")
public class IncidentResource {

    private final IncidentService incidents;
    private final IncidentConfig config;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public IncidentResource(IncidentService incidents, IncidentConfig config, SecurityIdentity identity,
            ObjectMapper json) {
        this.incidents = incidents;
        this.config = config;
        this.identity = identity;
        this.json = json;
    }

    @POST
    @RolesAllowed({ Role.OPERATOR_NAME, Services.EXECUTOR })
    @Operation(summary = "Open an incident with its first update",
            description = "Several incidents may be open at once. Named components take the status given. A repeat "
                    + "with the same Idempotency-Key (per caller) answers 200 with the incident it opened and opens "
                    + "nothing; the same key with another body is a 422 (idempotency-key-reused).")
    public Uni<Response> create(@Valid @NotNull IncidentRequest body,
            @HeaderParam(Idempotency.HEADER) @Parameter(description = "Up to 200 characters; scoped to the caller's key")
            String idempotencyKey,
            @Context UriInfo uri) {
        Idempotency key = Idempotency.of(identity.getPrincipal().getName(), idempotencyKey, "POST /api/admin/incidents",
                body, json);
        return incidents.create(body.toDraft(), key).map(posted -> answer(posted,
                uri.getAbsolutePathBuilder().path(posted.detail().incident().id.toString()).build()));
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "Incidents, newest first, a page at a time",
            description = "open=true for open ones only, open=false for closed ones. limit (default 50, at most 500) "
                    + "and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<IncidentResponse>>> list(
            @QueryParam("open") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String open,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        Boolean openOnly = QueryParams.booleanValue("open", open);
        ListPage page = ListPage.of(limit, offset);
        return incidents.list(IncidentKind.INCIDENT, openOnly, page).map(list -> page.respond(
                list.stream().map(d -> IncidentResponse.from(d, config.staleAfter())).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "One incident with its updates, newest first")
    public Uni<IncidentResponse> get(@PathParam("id") UUID id) {
        return incidents.get(IncidentKind.INCIDENT, id).map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Change an incident's name, impact or start", description = "Its status moves by updates only.")
    public Uni<IncidentResponse> patch(@PathParam("id") UUID id, @Valid @NotNull IncidentPatchRequest body) {
        return incidents.edit(IncidentKind.INCIDENT, id, body.toEdit())
                .map(d -> IncidentResponse.from(d, config.staleAfter()));
    }

    @POST
    @Path("/{id}/updates")
    @RolesAllowed({ Role.OPERATOR_NAME, Services.EXECUTOR })
    @Operation(summary = "Post an update",
            description = "Resolving returns the incident's components to operational unless another open incident "
                    + "still holds them. A repeat with the same Idempotency-Key (per caller) answers 200 with the "
                    + "incident and posts nothing; the same key with another body is a 422 (idempotency-key-reused).")
    public Uni<Response> update(@PathParam("id") UUID id, @Valid @NotNull IncidentUpdateRequest body,
            @HeaderParam(Idempotency.HEADER) @Parameter(description = "Up to 200 characters; scoped to the caller's key")
            String idempotencyKey,
            @Context UriInfo uri) {
        Idempotency key = Idempotency.of(identity.getPrincipal().getName(), idempotencyKey,
                "POST /api/admin/incidents/" + id + "/updates", body, json);
        return incidents.addUpdate(IncidentKind.INCIDENT, id, body.toDraft(), key).map(posted -> answer(posted,
                uri.getAbsolutePathBuilder().path(posted.updateId().toString()).build()));
    }

    /** 201 for what this request posted, 200 for a repeat that posted nothing; the same Location either way. */
    private Response answer(Posted posted, java.net.URI location) {
        return Response.status(posted.created() ? Response.Status.CREATED : Response.Status.OK).location(location)
                .entity(IncidentResponse.from(posted.detail(), config.staleAfter())).build();
    }
}
