package io.rewind.status.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for the public Statuspage API only: any web page may read {@code /api/v2/*} from a script (status widgets on
 * other sites do), so GET answers {@code Access-Control-Allow-Origin: *} and a preflight is answered here. Nothing
 * else gets a CORS header: the admin API and the HTML pages stay same-origin, so a page elsewhere can neither read
 * them nor send them a key. Quarkus' own {@code quarkus.http.cors} would cover every path, so it stays off.
 */
@ApplicationScoped
public class PublicApiCors {

    static final String PREFIX = "/api/v2/";
    /** What a reader's script may send: content negotiation and the validators the documents carry. */
    static final String ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since, "
            + "Cache-Control";
    /** What a script may read besides the simple response headers: the validators and the staleness marks. */
    static final String EXPOSED_HEADERS = "ETag, Last-Modified, Age, " + PublicResponses.DATA_AS_OF;
    /** How long a browser may keep a preflight's answer (a day; Chromium caps it at two hours anyway). */
    static final String MAX_AGE = "86400";

    void register(@Observes Filters filters) {
        filters.register(this::handle, 100);
    }

    private void handle(RoutingContext context) {
        if (!context.normalizedPath().startsWith(PREFIX)) {
            context.next();
            return;
        }
        HttpMethod method = context.request().method();
        if (HttpMethod.OPTIONS.equals(method) && context.request().getHeader("Origin") != null
                && context.request().getHeader("Access-Control-Request-Method") != null) {
            context.response().setStatusCode(204)
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Allow-Methods", "GET, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", MAX_AGE)
                    .end();
            return;
        }
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            context.response().putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        context.next();
    }
}
