package io.rewind.decision.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import io.rewind.common.ServiceNames;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.analysis.MetricSources;

@Path("/api/metric-sources")
public class MetricSourceResource {

    private final MetricSources sources;
    private final SecurityIdentity identity;

    public MetricSourceResource(MetricSources sources, SecurityIdentity identity) {
        this.sources = sources;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Metric sources (JSON APIs web metrics ask), by name, a page at a time (?limit, ?offset; Link rel=next)",
            description = "Headers that carry secrets show their references (env or file), never values; secrets[] says "
                    + "whether each resolves on this replica.")
    public Uni<RestResponse<List<MetricSourceResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset, @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return sources.list(page).map(list -> page.respond(list.stream().map(MetricSourceResponse::from).toList(), uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One metric source, its secrets as references")
    public Uni<MetricSourceResponse> get(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return sources.get(name).map(MetricSourceResponse::from);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Create or replace a metric source: a JSON API's base URL, headers (secrets by reference) and timeout",
            description = "201 when created, 200 when replaced. A header named like a credential (DD-API-KEY, "
                    + "Authorization) must be a secret reference. Analyses name the source and give only a path under "
                    + "the base URL and a JSONPath.")
    public Uni<Response> put(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @Valid @NotNull MetricSourceRequest body) {
        return sources.put(name, body.definition(), identity.getPrincipal().getName())
                .map(stored -> Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/metric-sources/" + name))
                        .entity(MetricSourceResponse.from(stored.source())).build());
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Delete a metric source; analyses that name it record errors from then on")
    public Uni<Response> delete(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return sources.delete(name).map(v -> Response.noContent().build());
    }
}
