package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import io.rewind.executor.service.DeploymentHistoryService;

@Path("/api/kubernetes/{namespace}/deployments/{name}")
public class DeploymentResource {

    static final String NAMESPACE = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    static final String NAME = "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    private final DeploymentHistoryService deployments;
    private final SecurityIdentity identity;

    public DeploymentResource(DeploymentHistoryService deployments, SecurityIdentity identity) {
        this.deployments = deployments;
        this.identity = identity;
    }

    /** The optional body of a quarantine: why the revision is bad. */
    public record QuarantineRequest(@Size(max = 2000) String reason) {
    }

    public record QuarantineResponse(String namespace, String deployment, long revision, String reason,
            OffsetDateTime createdAt, String createdBy) {
    }

    @GET
    @Path("/history")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The rollout history, like kubectl rollout history, with quarantine marks",
            description = "Only ReplicaSets the Deployment controls (by owner uid) count. Revisions oldest first, a page "
                    + "at a time: limit (default 50, at most 500) and offset; a full page carries Link rel=next. 404 "
                    + "when the Deployment does not exist, 503 when the Kubernetes API does not answer.")
    public Uni<RestResponse<DeploymentHistoryService.History>> history(
            @PathParam("namespace") @Pattern(regexp = NAMESPACE, message = "must be a namespace name") String namespace,
            @PathParam("name") @Pattern(regexp = NAME, message = "must be a Deployment name") String name,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return deployments.history(namespace, name).map(history -> {
            List<DeploymentHistoryService.Revision> revisions = page.slice(history.revisions());
            // The page's Link, as every list endpoint gives it, on the history object that holds the list.
            String next = page.respond(revisions, uri).getHeaderString("Link");
            RestResponse.ResponseBuilder<DeploymentHistoryService.History> response = RestResponse.ResponseBuilder
                    .ok(new DeploymentHistoryService.History(history.namespace(), history.deployment(),
                            history.currentRevision(), history.paused(), revisions));
            if (next != null) {
                response.header("Link", next);
            }
            return response.build();
        });
    }

    @PUT
    @Path("/quarantine/{revision}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Quarantine a revision: rollbacks never pick it as previous, nor go to it by number",
            description = "201 when newly quarantined, 200 when it already was (the first reason is kept).")
    public Uni<Response> quarantine(
            @PathParam("namespace") @Pattern(regexp = NAMESPACE, message = "must be a namespace name") String namespace,
            @PathParam("name") @Pattern(regexp = NAME, message = "must be a Deployment name") String name,
            @PathParam("revision") @Min(value = 1, message = "must be a positive revision") long revision,
            @Valid QuarantineRequest body) {
        return deployments.quarantine(namespace, name, revision, body == null ? null : body.reason(),
                identity.getPrincipal().getName())
                .map(stored -> Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new QuarantineResponse(namespace, name, stored.quarantine().revision(),
                                stored.quarantine().reason(), stored.quarantine().createdAt(), stored.quarantine().createdBy()))
                        .build());
    }

    @DELETE
    @Path("/quarantine/{revision}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Release a revision from quarantine; 404 when it was not quarantined")
    public Uni<Void> release(
            @PathParam("namespace") @Pattern(regexp = NAMESPACE, message = "must be a namespace name") String namespace,
            @PathParam("name") @Pattern(regexp = NAME, message = "must be a Deployment name") String name,
            @PathParam("revision") @Min(value = 1, message = "must be a positive revision") long revision) {
        return deployments.release(namespace, name, revision);
    }
}
