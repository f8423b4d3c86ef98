package io.rewind.executor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Prometheus' HTTP API: an instant query, evaluated now. Built per target URL (an admin configures each), so not a
 * configured {@code @RegisterRestClient}. The whole answer is returned so that a redirect, which is never followed, is
 * read as what it is. Blocking: steps run on worker threads.
 */
@Path("/api/v1")
interface PrometheusApi {

    /** @param authorization {@code Bearer <token>}, or null to send no such header */
    @GET
    @Path("/query")
    Response query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("query") String query);
}
