package io.rewind.executor.rest;

import java.time.OffsetDateTime;

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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

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
            description = "Only ReplicaSets the Deployment controls (by owner uid) count. 404 when the Deployment does not "
                    + "exist, 503 when the Kubernetes API does not answer.")
    public Uni<DeploymentHistoryService.History> history(
            @PathParam("namespace") @Pattern(regexp = NAMESPACE, message = "must be a namespace name") String namespace,
            @PathParam("name") @Pattern(regexp = NAME, message = "must be a Deployment name") String name) {
        return deployments.history(namespace, name);
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
