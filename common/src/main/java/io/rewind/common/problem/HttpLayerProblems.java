package io.rewind.common.problem;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Renders every refusal of the HTTP layer, which runs before JAX-RS and its mappers, as the same problem+json the REST
 * layer returns: path permissions and proactive authentication (401, 403), a body over the size limit (413), a path or
 * query that cannot be decoded or holds NUL (400), and anything else that fails a route before a resource answers.
 */
@ApplicationScoped
public class HttpLayerProblems {

    private static final Logger LOG = Logger.getLogger(HttpLayerProblems.class);

    private final long maxBodyBytes;

    public HttpLayerProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
        this.maxBodyBytes = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> handle(context, context.statusCode()));
        // Just before Quarkus' own size check (which answers a bare 413), and before anything decodes the URI.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::screen);
        // Vert.x Web answers some refusals itself, bypassing failure handlers: a path it cannot decode while matching
        // routes, query parameters it cannot decode. Its error handlers are the hook for those.
        for (int status : new int[] { 400, 404, 405, 413, 500 }) {
            router.errorHandler(status, context -> handle(context, status));
        }
    }

    /** Refuses, with a problem, a body over the limit and a path or query that cannot be decoded or holds NUL. */
    private void screen(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long bytes = Long.parseLong(length.trim());
                if (bytes > maxBodyBytes) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    refuse(context, Problem.of(ProblemType.PAYLOAD_TOO_LARGE, 413, "The body is " + bytes
                            + " bytes; this service accepts at most " + maxBodyBytes + "."));
                    return;
                }
            } catch (NumberFormatException e) {
                refuse(context, Problem.of(ProblemType.VALIDATION, 400, "Content-Length is not a number."));
                return;
            }
        }
        String problem = UriText.problem(context.request().uri());
        if (problem != null) {
            refuse(context, Problem.of(ProblemType.VALIDATION, 400, problem));
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, Problem problem) {
        context.response().setStatusCode(problem.getStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(problem.withInstance(safePath(context))));
    }

    private void handle(RoutingContext context, int status) {
        if (context.response().headWritten() || context.response().ended()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        String path = safePath(context);
        Problem problem;
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            problem = SecurityProblems.unauthorizedProblem(path);
            context.response().putHeader("WWW-Authenticate", SecurityProblems.CHALLENGE);
        } else if (failure instanceof ForbiddenException) {
            problem = SecurityProblems.forbiddenProblem(path);
        } else {
            problem = switch (status) {
                case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, 413,
                        "The body is larger than this service accepts; send a smaller one.");
                case 400 -> {
                    String uriProblem = UriText.problem(context.request().uri());
                    yield Problem.of(ProblemType.VALIDATION, 400, uriProblem != null ? uriProblem
                            : "The request's path, query or headers could not be read.");
                }
                case 404 -> Problem.of(ProblemType.NOT_FOUND, 404, "Nothing is served at " + path + ".");
                case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, 405, "This resource does not support "
                        + context.request().method() + "; see /q/openapi for what it does support.");
                default -> {
                    if (status >= 400 && status < 500) {
                        yield Problem.of(ProblemType.HTTP, status, "The request could not be served.");
                    }
                    String errorId = UUID.randomUUID().toString();
                    LOG.errorf(failure, "Unexpected error %s serving %s", errorId, path);
                    yield Problem.of(ProblemType.INTERNAL, 500, "Something went wrong on our side. Quote error id "
                            + errorId + " when reporting it.").withErrorId(errorId);
                }
            };
            problem = problem.withInstance(path);
        }
        context.response().setStatusCode(problem.getStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(problem));
    }

    /** The path as sent, without decoding it (a path that cannot be decoded is often why we are here). */
    private static String safePath(RoutingContext context) {
        String uri = context.request().uri();
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static String json(Problem problem) {
        io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(SecurityProblems.json(problem));
        if (problem.getErrorId() != null) {
            json.put("errorId", problem.getErrorId());
        }
        return json.encode();
    }
}
