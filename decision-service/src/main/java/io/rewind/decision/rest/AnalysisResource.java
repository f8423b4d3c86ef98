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
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.analysis.AnalysisService;
import io.rewind.decision.analysis.AnalysisSpec;

@Path("/api/analyses")
public class AnalysisResource {

    private final AnalysisService analyses;
    private final SecurityIdentity identity;

    public AnalysisResource(AnalysisService analyses, SecurityIdentity identity) {
        this.analyses = analyses;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Start analysing a release's live metrics; a failed analysis opens an incident",
            description = "201 for a new analysis. 200 with the analysis already queued or measuring for the same service "
                    + "and release: the request joins it and nothing new is stored. 429 with Retry-After when "
                    + "rewind.decision.max-queued-analyses analyses are queued or measuring.")
    public Uni<Response> start(@Valid @NotNull AnalysisSpec body, @Context UriInfo uri) {
        return analyses.start(body, identity.getPrincipal().getName())
                .map(started -> Response.status(started.created() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/analyses/" + started.analysis().id))
                        .entity(AnalysisResponse.from(started.analysis(), List.of())).build())
                .onFailure(AnalysisService.QueueFull.class).recoverWithItem(e -> queueFull((AnalysisService.QueueFull) e, uri));
    }

    static Response queueFull(AnalysisService.QueueFull full, UriInfo uri) {
        long seconds = full.retryAfter().toSeconds();
        Problem problem = Problem.of(ProblemType.TOO_MANY_REQUESTS, 429, full.getMessage())
                .with("retryAfterSeconds", seconds).withInstance(uri.getPath());
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", seconds).entity(problem).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Analyses, newest first, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<AnalysisResponse>>> list(
            @QueryParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset, @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return analyses.recent(service, page)
                .map(list -> page.respond(list.stream().map(a -> AnalysisResponse.from(a, List.of())).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "An analysis with its measurements, oldest first, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<AnalysisResponse>> get(@PathParam("id") UUID id,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset, @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return analyses.get(id, page).map(d -> PageLinks.withNextLink(
                AnalysisResponse.from(d.analysis(), d.measurements()), page, d.measurements(), uri));
    }
}
