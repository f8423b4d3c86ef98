package io.rewind.executor.client;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.rewind.common.client.ServiceKeyHeaders;

/**
 * status-service's admin API for incidents, called with this service's key. Blocking: steps run on worker threads.
 * Posts carry the step's {@code Idempotency-Key}, which status-service scopes to this service's key; lists ask for
 * status-service's largest page.
 */
@RegisterRestClient(configKey = "status-service")
@RegisterClientHeaders(ServiceKeyHeaders.class)
@Path("/api/admin")
interface StatusServiceApi {

    @POST
    @Path("/incidents")
    StatusViews.Incident open(@HeaderParam("Idempotency-Key") String idempotencyKey, StatusViews.NewIncident incident);

    @POST
    @Path("/incidents/{id}/updates")
    StatusViews.Incident update(@HeaderParam("Idempotency-Key") String idempotencyKey, @PathParam("id") UUID id,
            StatusViews.NewUpdate update);

    @GET
    @Path("/incidents/{id}")
    StatusViews.Incident incident(@PathParam("id") UUID id);

    @GET
    @Path("/incidents")
    List<StatusViews.Incident> incidents(@QueryParam("open") Boolean open, @QueryParam("limit") int limit);

    @GET
    @Path("/templates")
    List<StatusViews.Template> templates();

    @GET
    @Path("/components")
    List<StatusViews.Component> components(@QueryParam("limit") int limit);
}
