package io.rewind.backup.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import io.rewind.backup.BackupReason;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.service.BackupService;
import io.rewind.backup.service.DatabaseService;
import io.rewind.common.ServiceNames;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
import io.rewind.common.secret.SecretResolver;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;

@Path("/api/databases")
public class DatabaseResource {

    private final DatabaseService databases;
    private final SecretResolver passwords;
    private final BackupService backups;

    public DatabaseResource(DatabaseService databases, SecretResolver passwords, BackupService backups) {
        this.databases = databases;
        this.passwords = passwords;
        this.backups = backups;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Register a database to back up",
            description = "The password is given as a reference, {\"env\": \"VAR\"} or {\"file\": \"/path\"}, resolved by"
                    + " backup-service when it connects. A name already registered is a conflict (409).")
    public Uni<Response> register(@Valid @NotNull DatabaseRequest body) {
        return databases.register(body.name(), body.settings())
                .map(database -> Response.created(UriBuilder.fromResource(DatabaseResource.class).path("{name}")
                        .build(database.name)).entity(response(database)).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The registered databases, by name, a page at a time")
    public Uni<RestResponse<List<DatabaseResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "500")) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "100000")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return databases.list(page).map(list -> page.respond(list.stream().map(this::response).toList(), uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One registered database")
    public Uni<DatabaseResponse> get(@PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return databases.get(name).map(this::response);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Replace the settings of a registered database",
            description = "The body is a whole registration, as POST takes it; omitted optional settings go back to their"
                    + " defaults. The name cannot change.")
    public Uni<DatabaseResponse> replace(@PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @Valid @NotNull DatabaseRequest body) {
        if (!name.equals(body.name())) {
            throw ProblemException.invalid("name", "must be '" + name + "', as in the path: a database cannot be renamed");
        }
        return databases.replace(name, body.settings()).map(this::response);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Stop backing up a database and forget its settings")
    public Uni<Response> delete(@PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return databases.delete(name).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{name}/backups")
    @RolesAllowed({ Role.OPERATOR_NAME, Services.DECISION })
    @Operation(summary = "Take a backup now",
            description = "Optional body {\"reason\": \"manual|pre-deploy|pre-rollback\", \"releaseTag\": \"v1.5.0\"}."
                    + " 202 with Location: the backup runs in the background, its record says how it went. 200 with the"
                    + " backup already waiting or running for this database, if there is one; 429 with Retry-After"
                    + " when too many jobs wait.")
    public Uni<Response> backup(@PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @Valid BackupRequest body) {
        BackupReason reason = body == null || body.reason() == null ? BackupReason.MANUAL : body.reason();
        if (reason == BackupReason.SCHEDULED || reason == BackupReason.PRE_RESTORE) {
            throw ProblemException.invalid("reason", "must be one of manual, pre-deploy, pre-rollback");
        }
        return backups.requestBackup(name, reason, body == null ? null : body.releaseTag())
                .map(requested -> BackupResource.status(requested).entity(BackupResponse.from(requested.job()))
                        .location(UriBuilder.fromResource(BackupResource.class).path("backups/{id}")
                                .build(requested.job().id)).build());
    }

    @GET
    @Path("/{name}/readiness")
    @RolesAllowed({ Role.VIEWER_NAME, Services.DECISION, Services.EXECUTOR })
    @Operation(summary = "Is there a verified backup young enough for a step that can lose data?",
            description = "maxAgeHours defaults to the database's maxBackupAgeHours. Not ready lists every reason.")
    public Uni<ReadinessResponse> readiness(@PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @QueryParam("maxAgeHours") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "8760")) String maxAgeHours) {
        return backups.readiness(name, QueryParams.intValue("maxAgeHours", maxAgeHours, null, 1, 24 * 365))
                .map(readiness -> ReadinessResponse.from(name, readiness));
    }

    private DatabaseResponse response(RegisteredDatabase database) {
        return DatabaseResponse.from(database, passwords.isResolvable(database.passwordReference()));
    }
}
