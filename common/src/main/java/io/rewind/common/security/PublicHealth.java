package io.rewind.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The health endpoints stay public, as probes and load balancers need, but without a key they say only UP or DOWN:
 * the checks' names and data (servers, store locations, versions, errors) are for a caller with a valid API key of
 * any role, who gets SmallRye Health's full document as before (an unknown key is a 401).
 */
@ApplicationScoped
public class PublicHealth {

    private final SmallRyeHealthReporter reporter;

    public PublicHealth(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    void register(@Observes Router router) {
        // Before Quarkus mounts its non-application routes; after the body-size and URI screening.
        router.routeWithRegex("/q/health(/.*)?").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        // With a key, Quarkus authenticates it (401 when unknown) and SmallRye Health answers in full.
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        Uni<SmallRyeHealth> health;
        if (path.equals("/q/health/live")) {
            health = reporter.getLivenessAsync();
        } else if (path.equals("/q/health/ready")) {
            health = reporter.getReadinessAsync();
        } else if (path.equals("/q/health/started")) {
            health = reporter.getStartupAsync();
        } else if (path.equals("/q/health") || path.equals("/q/health/")) {
            health = reporter.getHealthAsync();
        } else {
            // Groups, the well-ness checks and the UI: only with a key.
            context.next();
            return;
        }
        health.subscribe().with(result -> answer(context, !result.isDown()),
                failure -> answer(context, false));
    }

    private static void answer(RoutingContext context, boolean up) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(up ? 200 : 503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("status", up ? "UP" : "DOWN").encode());
    }
}
