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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.service.DatabaseService;
import io.rewind.backup.service.PasswordResolver;
import io.rewind.common.ServiceNames;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.security.Role;

@Path("/api/databases")
public class DatabaseResource {

    private final DatabaseService databases;
    private final PasswordResolver passwords;

    public DatabaseResource(DatabaseService databases, PasswordResolver passwords) {
        this.databases = databases;
        this.passwords = passwords;
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
    @Operation(summary = "Every registered database, by name")
    public Uni<List<DatabaseResponse>> list() {
        return databases.list().map(list -> list.stream().map(this::response).toList());
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

    private DatabaseResponse response(RegisteredDatabase database) {
        return DatabaseResponse.from(database, passwords.isResolvable(database.passwordReference()));
    }
}
