package io.rewind.status.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
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

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.status.ComponentPatch;
import io.rewind.status.service.ComponentService;

@Path("/api/admin/components")
public class ComponentResource {

    private final ComponentService components;
    private final SecurityIdentity identity;

    public ComponentResource(ComponentService components, SecurityIdentity identity) {
        this.components = components;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Add a component to the status page")
    public Uni<Response> create(@Valid @NotNull ComponentRequest body, @Context UriInfo uri) {
        return components.create(body.toComponent()).map(component -> Response
                .created(uri.getAbsolutePathBuilder().path(component.id.toString()).build())
                .entity(ComponentResponse.from(component)).build());
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "Components, in page order, a page at a time",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<ComponentResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return components.list(page).map(list -> page.respond(list.stream().map(ComponentResponse::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One component")
    public Uni<ComponentResponse> get(@PathParam("id") UUID id) {
        return components.get(id).map(ComponentResponse::from);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Change some of a component's fields",
            description = "Only the fields present change; null clears description, and groupId (leaving the group). "
                    + "Operators may change the status only; anything else needs an admin key.")
    public Uni<ComponentResponse> patch(@PathParam("id") UUID id, @Valid @NotNull ComponentPatch body) {
        // Operators report how a component is doing while an incident unfolds; what the page lists is an admin's.
        if (!body.onlyStatus() && !identity.hasRole(Role.ADMIN_NAME)) {
            throw ProblemException.forbidden(
                    "This key's role may change a component's status only; other fields need an admin key.");
        }
        return components.update(id, body).map(ComponentResponse::from);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove a component from the status page")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return components.delete(id);
    }
}
