package io.rewind.decision.rest;

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
import io.rewind.decision.analysis.AnalysisService;
import io.rewind.decision.release.ReleaseService;
import io.rewind.decision.release.ReleaseSpec;

@Path("/api/releases")
public class ReleaseResource {

    private final ReleaseService releases;
    private final SecurityIdentity identity;

    public ReleaseResource(ReleaseService releases, SecurityIdentity identity) {
        this.releases = releases;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Record a release and run seed 003's preflight on it",
            description = "201 with the release: READY, PREFLIGHT_FAILED (recorded all the same), or PREFLIGHT_RUNNING "
                    + "while a backup asked for with takeBackup is taken and verified. 422 with the checks, nothing "
                    + "stored, when requirePreflight is true and a check fails. 429 with Retry-After when the analysis "
                    + "asked for cannot be queued.")
    public Uni<Response> record(@Valid @NotNull ReleaseSpec body, @Context UriInfo uri) {
        return releases.record(body, identity.getPrincipal().getName())
                .map(release -> Response.created(URI.create("/api/releases/" + release.id))
                        .entity(ReleaseResponse.from(release)).build())
                .onFailure(AnalysisService.QueueFull.class)
                .recoverWithItem(e -> AnalysisResource.queueFull((AnalysisService.QueueFull) e, uri));
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Releases, newest first, a page at a time (?service, ?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<ReleaseResponse>>> history(
            @QueryParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset, @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return releases.history(service, page).map(list -> page.respond(list.stream().map(ReleaseResponse::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<ReleaseResponse> get(@PathParam("id") UUID id) {
        return releases.get(id).map(ReleaseResponse::from);
    }
}
