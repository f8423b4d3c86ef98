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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
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
    @Operation(summary = "Start analysing a release's live metrics; a failed analysis opens an incident")
    public Uni<Response> start(@Valid @NotNull AnalysisSpec body) {
        return analyses.start(body, identity.getPrincipal().getName()).map(a -> Response
                .created(URI.create("/api/analyses/" + a.id)).entity(AnalysisResponse.from(a, List.of())).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<List<AnalysisResponse>> list(
            @QueryParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListLimit.MAX, defaultValue = "" + ListLimit.DEFAULT)) String limit) {
        return analyses.recent(service, ListLimit.parse(limit)).map(list -> list.stream().map(a -> AnalysisResponse.from(a, List.of())).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "An analysis with every measurement")
    public Uni<AnalysisResponse> get(@PathParam("id") UUID id) {
        return analyses.get(id).map(d -> AnalysisResponse.from(d.analysis(), d.measurements()));
    }
}
