package io.rewind.backup.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.rewind.backup.service.QueueFull;
import io.rewind.common.problem.Problem;

/** common's problem mapper, plus the {@code Retry-After} a 429 owes its client. */
public class QueueFullMapper {

    @ServerExceptionMapper
    public Response queueFull(QueueFull e, UriInfo uri) {
        return Response.status(e.problem().getStatus()).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, QueueFull.RETRY_AFTER_SECONDS)
                .entity(e.problem().withInstance(uri.getPath())).build();
    }
}
