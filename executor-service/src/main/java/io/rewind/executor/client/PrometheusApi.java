package io.rewind.executor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Prometheus' HTTP API: an instant query, evaluated now. Blocking: steps run on worker threads. */
@RegisterRestClient(configKey = "prometheus")
@Path("/api/v1")
interface PrometheusApi {

    @GET
    @Path("/query")
    PrometheusViews.QueryResponse query(@QueryParam("query") String query);
}
