package io.rewind.backup.rest;

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
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import io.rewind.backup.service.BackupService;
import io.rewind.common.ServiceNames;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;

@Path("/api")
public class BackupResource {

    private final BackupService backups;

    public BackupResource(BackupService backups) {
        this.backups = backups;
    }

    @GET
    @Path("/backups")
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "Backups, newest first, of one database or of all")
    public Uni<List<BackupResponse>> list(@QueryParam("database")
            @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String database) {
        return backups.listBackups(database).map(list -> list.stream().map(BackupResponse::from).toList());
    }

    @GET
    @Path("/backups/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One backup with its checksum, versions, row counts and verification result")
    public Uni<BackupResponse> get(@PathParam("id") UUID id) {
        return backups.getBackup(id).map(BackupResponse::from);
    }

    @POST
    @Path("/backups/{id}/verifications")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Prove a backup restores",
            description = "Checksum, pg_restore --list, pg_restore of every data block, a restore into a scratch database"
                    + " (always dropped) and a comparison of row counts and schema version. 202: follow Location.")
    public Uni<Response> verify(@PathParam("id") UUID id) {
        return backups.requestVerification(id).map(verification -> Response.accepted(
                VerificationResponse.from(verification)).location(UriBuilder.fromResource(BackupResource.class)
                        .path("backups/{id}/verifications").build(id)).build());
    }

    @GET
    @Path("/backups/{id}/verifications")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "A backup's verifications, newest first, with their phases")
    public Uni<List<VerificationResponse>> verifications(@PathParam("id") UUID id) {
        return backups.listVerifications(id).map(list -> list.stream().map(VerificationResponse::from).toList());
    }

    @POST
    @Path("/backups/{id}/restores")
    // service: executor-service runs postgres.restore steps of approved rollback plans with its service key.
    @RolesAllowed({ Role.ADMIN_NAME, Services.EXECUTOR })
    @Operation(summary = "Restore a backup over a registered database",
            description = "Body {\"target\": \"shop\", \"confirm\": \"shop\"}. A safety backup of the target is taken"
                    + " first; the restore is all or nothing. 202: follow Location.")
    public Uni<Response> restore(@PathParam("id") UUID id, @Valid @NotNull RestoreRequest body) {
        return backups.requestRestore(id, body.target(), body.confirm()).map(restore -> Response.accepted(
                RestoreResponse.from(restore)).location(UriBuilder.fromResource(BackupResource.class)
                        .path("restores/{id}").build(restore.id)).build());
    }

    @GET
    @Path("/restores/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "One restore job")
    public Uni<RestoreResponse> getRestore(@PathParam("id") UUID id) {
        return backups.getRestore(id).map(RestoreResponse::from);
    }
}
