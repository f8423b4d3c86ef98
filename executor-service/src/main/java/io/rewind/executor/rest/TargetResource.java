package io.rewind.executor.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.executor.service.TargetService;

/** Targets: where and with what the executor acts. Admins write them; every key reads them (secrets as references). */
@Path("/api/targets")
public class TargetResource {

    private final TargetService targets;
    private final SecurityIdentity identity;

    public TargetResource(TargetService targets, SecurityIdentity identity) {
        this.targets = targets;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Targets by name, a page at a time, each with its spec (secrets as references) and whether each "
            + "secret resolves", description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<TargetResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return targets.list(page).map(list -> page.respond(list.stream().map(TargetResponse::from).toList(), uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One target")
    public Uni<TargetResponse> get(@PathParam("name") String name) {
        return targets.get(name).map(TargetResponse::from);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Define or replace a target: {kind, description, spec}",
            description = "201 when new, 200 when replaced. The kind's spec is validated (see README: Targets); secrets "
                    + "are references ({\"env\": ...} or {\"file\": ...}), never values. 409 for a target from the targets "
                    + "file, or one of another kind.")
    public Uni<Response> put(@PathParam("name") String name, @NotNull TargetService.Definition body) {
        return targets.put(name, body, identity.getPrincipal().getName())
                .flatMap(created -> targets.get(name).map(target -> Response
                        .status(created ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/targets/" + name)).entity(TargetResponse.from(target)).build()));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove a target; 409 while the newest version of a plan names it")
    public Uni<Response> delete(@PathParam("name") String name) {
        return targets.delete(name).replaceWith(Response.noContent().build());
    }
}
