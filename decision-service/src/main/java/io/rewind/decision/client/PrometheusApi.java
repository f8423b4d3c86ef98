package io.rewind.decision.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** Prometheus' HTTP API: an instant query. */
@RegisterRestClient(configKey = "prometheus")
@Path("/api/v1")
interface PrometheusApi {

    /** @param time Unix seconds with a fraction; null evaluates now */
    @GET
    @Path("/query")
    Uni<PrometheusViews.QueryResponse> query(@QueryParam("query") String query, @QueryParam("time") String time);
}
