package io.rewind.status.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
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

import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.status.service.ComponentService;

@Path("/api/admin/component-groups")
public class ComponentGroupResource {

    private final ComponentService components;

    public ComponentGroupResource(ComponentService components) {
        this.components = components;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Add a component group (a heading on the page)")
    public Uni<Response> create(@Valid @NotNull ComponentGroupRequest body, @Context UriInfo uri) {
        return components.createGroup(body.toGroup()).map(group -> Response
                .created(uri.getAbsolutePathBuilder().path(group.group().id.toString()).build())
                .entity(ComponentGroupResponse.from(group)).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Component groups with their members, in page order, a page at a time",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<ComponentGroupResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return components.listGroups(page)
                .map(list -> page.respond(list.stream().map(ComponentGroupResponse::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One component group with its members")
    public Uni<ComponentGroupResponse> get(@PathParam("id") UUID id) {
        return components.getGroup(id).map(ComponentGroupResponse::from);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Delete an empty component group", description = "409 while it still holds components.")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return components.deleteGroup(id);
    }
}
