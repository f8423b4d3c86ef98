package io.rewind.decision.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** status-service's public, Statuspage-compatible incidents list: no key needed. */
@RegisterRestClient(configKey = "status-service")
@Path("/api/v2")
interface StatusPageApi {

    @GET
    @Path("/incidents.json")
    Uni<StatusPageViews.Incidents> incidents();
}
