package io.rewind.decision.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.rewind.common.security.Role;

/** Test-only: an endpoint with a bug, to see what a client gets when the server fails. */
@Path("/test/failure")
public class FailingResource {

    static final String SECRET = "connection string postgres://admin:hunter2@db";

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public String fail() {
        throw new IllegalStateException(SECRET);
    }
}
