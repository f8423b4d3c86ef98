package io.rewind.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.SecurityProblems;

/**
 * Renders refusals of the HTTP security layer (path permissions and proactive authentication, which run before
 * JAX-RS) as the same problem+json the REST layer returns.
 */
@ApplicationScoped
public class SecurityFailureHandler {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Problem problem;
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            problem = SecurityProblems.unauthorizedProblem(context.request().path());
            context.response().putHeader("WWW-Authenticate", SecurityProblems.CHALLENGE);
        } else if (failure instanceof ForbiddenException) {
            problem = SecurityProblems.forbiddenProblem(context.request().path());
        } else {
            context.next();
            return;
        }
        context.response().setStatusCode(problem.getStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(SecurityProblems.json(problem));
    }
}
