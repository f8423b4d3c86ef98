package io.rewind.executor.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemType;
import io.rewind.executor.service.TooManyRequests;

/** 429 problem+json with {@code Retry-After} (in seconds, also as {@code retryAfterSeconds}) for a full limit. */
public class TooManyRequestsMapper {

    @ServerExceptionMapper
    public Response tooMany(TooManyRequests e, UriInfo uri) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        Problem problem = Problem.of(ProblemType.TOO_MANY_REQUESTS, 429, e.getMessage())
                .with("retryAfterSeconds", seconds).withInstance(uri.getPath());
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", seconds).entity(problem).build();
    }
}
