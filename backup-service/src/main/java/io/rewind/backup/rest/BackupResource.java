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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.service.BackupService;
import io.rewind.backup.service.JobStore.Requested;
import io.rewind.common.ServiceNames;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;

@Path("/api")
public class BackupResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final BackupService backups;
    private final SecurityIdentity identity;

    public BackupResource(BackupService backups, SecurityIdentity identity) {
        this.backups = backups;
        this.identity = identity;
    }

    @GET
    @Path("/backups")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Backups, newest first, of one database or of all, a page at a time")
    public Uni<RestResponse<List<BackupResponse>>> list(@QueryParam("database")
            @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String database,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "500")) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "100000")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return backups.listBackups(database, page)
                .map(list -> page.respond(list.stream().map(BackupResponse::from).toList(), uri));
    }

    @GET
    @Path("/backups/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "One backup with its checksum, versions, row counts and verification result")
    public Uni<BackupResponse> get(@PathParam("id") UUID id) {
        return backups.getBackup(id).map(BackupResponse::from);
    }

    @POST
    @Path("/backups/{id}/verifications")
    @RolesAllowed({ Role.OPERATOR_NAME, Services.DECISION })
    @Operation(summary = "Prove a backup restores",
            description = "Checksum, pg_restore --list, pg_restore of every data block, a restore into a scratch database"
                    + " (always dropped) and a comparison of row counts and schema version. 202: follow Location. 200"
                    + " with the verification already waiting or running for this backup, if there is one; 429 with"
                    + " Retry-After when too many jobs wait.")
    public Uni<Response> verify(@PathParam("id") UUID id) {
        return backups.requestVerification(id).map(requested -> status(requested)
                .entity(VerificationResponse.from(requested.job())).location(UriBuilder
                        .fromResource(BackupResource.class).path("backups/{id}/verifications").build(id)).build());
    }

    @GET
    @Path("/backups/{id}/verifications")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION })
    @Operation(summary = "A backup's verifications, newest first, with their phases, a page at a time")
    public Uni<RestResponse<List<VerificationResponse>>> verifications(@PathParam("id") UUID id,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "500")) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "100000")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return backups.listVerifications(id, page)
                .map(list -> page.respond(list.stream().map(VerificationResponse::from).toList(), uri));
    }

    @POST
    @Path("/backups/{id}/restores")
    // executor-service runs postgres.restore steps of approved rollback plans with its own key, over the databases
    // whose serviceRestores an admin turned on.
    @RolesAllowed({ Role.ADMIN_NAME, Services.EXECUTOR })
    @Operation(summary = "Restore a backup over a registered database",
            description = "Body {\"target\": \"shop\", \"confirm\": \"shop\"}. A safety backup of the target is taken"
                    + " first; the restore is all or nothing. 202: follow Location. One restore per database at a"
                    + " time (409 naming the running one). executor-service's key only over databases with"
                    + " serviceRestores (403). Idempotency-Key (per caller): a repeat returns the first restore with"
                    + " 200; the same key with another backup or target is 422.")
    @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "The caller's name for this request",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = BackupService.MAX_IDEMPOTENCY_KEY_LENGTH))
    public Uni<Response> restore(@PathParam("id") UUID id, @Valid @NotNull RestoreRequest body,
            @Context HttpHeaders headers) {
        return backups.requestRestore(id, body.target(), body.confirm(), identity.getPrincipal().getName(),
                identity.hasRole(Role.ADMIN_NAME), idempotencyKey(headers))
                .map(requested -> status(requested).entity(RestoreResponse.from(requested.job()))
                        .location(UriBuilder.fromResource(BackupResource.class).path("restores/{id}")
                                .build(requested.job().id)).build());
    }

    @GET
    @Path("/restores")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Restores, newest first, into one database or into all, a page at a time")
    public Uni<RestResponse<List<RestoreResponse>>> restores(@QueryParam("target")
            @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String target,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "500")) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "100000")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return backups.listRestores(target, page)
                .map(list -> page.respond(list.stream().map(RestoreResponse::from).toList(), uri));
    }

    @GET
    @Path("/restores/{id}")
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "One restore job")
    public Uni<RestoreResponse> getRestore(@PathParam("id") UUID id) {
        return backups.getRestore(id).map(RestoreResponse::from);
    }

    /**
     * The Idempotency-Key as sent: read from the headers rather than taken from the parameter, which reads an empty
     * header as none; a client that sent one must not silently lose its protection against a second restore. Sent
     * empty, or more than once, it is refused (400) later or here.
     */
    private static String idempotencyKey(HttpHeaders headers) {
        List<String> values = headers.getRequestHeader(IDEMPOTENCY_KEY);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.invalid(IDEMPOTENCY_KEY, "must be sent once");
        }
        return values.get(0) == null ? "" : values.get(0);
    }

    /** 202 for a job this request queued; 200 for the one already under way (or started by the same request). */
    static Response.ResponseBuilder status(Requested<?> requested) {
        return requested.created() ? Response.accepted() : Response.ok();
    }
}
