package io.rewind.common.rest;

import java.lang.annotation.Annotation;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemType;

/**
 * The body limit of each endpoint ({@link BodyLimit}), checked on Content-Length before the body is read. The path
 * and query are screened earlier, by {@code HttpLayerProblems}.
 */
public class RequestLimits {

    /** The body limit of an endpoint without {@link BodyLimit}: far above any plan, policy or template of Rewind. */
    public static final int DEFAULT_BODY_KIB = 256;

    @ServerRequestFilter
    public Optional<Response> bodyWithinLimit(ContainerRequestContext request, ResourceInfo resource) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int kib = limitOf(resource);
        if (bytes > kib * 1024L) {
            return Optional.of(respond(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, 413,
                    "The body is " + bytes + " bytes; this endpoint accepts at most " + kib + " KiB."), request));
        }
        return Optional.empty();
    }

    /** The method's annotation, else its class's. */
    private static int limitOf(ResourceInfo resource) {
        if (resource == null) {
            return DEFAULT_BODY_KIB;
        }
        // Quarkus' ResourceInfo holds the method's annotations as collected at build time: no reflection (native).
        if (resource instanceof ResteasyReactiveResourceInfo info) {
            for (Annotation annotation : info.getAnnotations()) {
                if (annotation instanceof BodyLimit limit) {
                    return limit.kib();
                }
            }
        }
        BodyLimit limit = resource.getResourceClass() == null ? null
                : resource.getResourceClass().getAnnotation(BodyLimit.class);
        return limit == null ? DEFAULT_BODY_KIB : limit.kib();
    }

    private static Response respond(Problem problem, ContainerRequestContext request) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(request.getUriInfo().getRequestUri().getRawPath())).build();
    }
}
