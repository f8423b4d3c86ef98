package io.rewind.executor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Unleash's admin API for one feature's environments. Built per Unleash URL (each {@code unleash} target names one), so
 * not a configured {@code @RegisterRestClient}. Admin API tokens go in {@code Authorization} as they are, without "Bearer".
 */
@Path("/api/admin/projects/{project}/features/{feature}")
interface UnleashApi {

    @GET
    UnleashViews.Feature feature(@HeaderParam(HttpHeaders.AUTHORIZATION) String token, @PathParam("project") String project,
            @PathParam("feature") String feature);

    @POST
    @Path("/environments/{environment}/{state}")
    Response turn(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @PathParam("project") String project,
            @PathParam("feature") String feature, @PathParam("environment") String environment,
            @PathParam("state") String state);
}
