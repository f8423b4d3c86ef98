package io.rewind.decision.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
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
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.PolicyVersion;
import io.rewind.decision.service.PolicyService;

@Path("/api/policies/{service}")
public class PolicyResource {

    private final PolicyService policies;
    private final SecurityIdentity identity;

    public PolicyResource(PolicyService policies, SecurityIdentity identity) {
        this.policies = policies;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The policy in force for a service (version 0: the runbooks' defaults)")
    public Uni<Response> get(@PathParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service) {
        return policies.current(service).map(PolicyResource::withEtag);
    }

    @PUT
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Store a new version of a service's policy",
            description = "Send If-Match with the ETag of the version you edited to refuse concurrent changes (409).")
    public Uni<Response> put(@PathParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull PolicyRequest body) {
        return policies.update(service, body.rules(), body.comment(), identity.getPrincipal().getName(), parseIfMatch(ifMatch))
                .map(PolicyResource::withEtag);
    }

    @GET
    @Path("/versions")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Every stored version of a service's policy, newest first, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<PolicyResponse>>> versions(
            @PathParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return policies.versions(service, page).map(list -> page.respond(list.stream().map(PolicyResponse::from).toList(), uri));
    }

    @GET
    @Path("/versions/{version}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One version of a service's policy, as decisions that used it saw it")
    public Uni<PolicyResponse> version(@PathParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @PathParam("version") @Min(0) int version) {
        return policies.version(service, version).map(PolicyResponse::from);
    }

    private static Response withEtag(PolicyVersion version) {
        return Response.ok(PolicyResponse.from(version)).tag(new EntityTag(Integer.toString(version.version))).build();
    }

    private static Integer parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be the ETag of a policy version, e.g. \"3\"");
        }
    }
}
