package io.rewind.executor.rest;

import java.util.UUID;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.executor.service.ExecutionEvents;

/**
 * Answers 404 for the event stream of an unknown execution, or, for a service's key, of one that service did not
 * start. A stream's status and headers are sent before its first event, so the check must happen before the resource
 * method runs.
 */
public class UnknownExecutionFilter {

    private final ExecutionEvents events;
    private final SecurityIdentity identity;

    public UnknownExecutionFilter(ExecutionEvents events, SecurityIdentity identity) {
        this.events = events;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> requireExecution(SimpleResourceInfo resource, UriInfo uri) {
        if (resource.getResourceClass() != ExecutionResource.class || !"events".equals(resource.getMethodName())) {
            return Uni.createFrom().voidItem();
        }
        String id = uri.getPathParameters().getFirst("id");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(ProblemException.notFound("Execution", id));
        }
        return events.requireExists(uuid, ExecutionResource.ownRowsOnly(identity));
    }
}
