package io.rewind.decision.client;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.rewind.common.client.ServiceKeyHeaders;
import io.smallrye.mutiny.Uni;

@RegisterRestClient(configKey = "executor-service")
@RegisterClientHeaders(ServiceKeyHeaders.class)
@Path("/api")
interface ExecutorApi {

    @GET
    @Path("/plans")
    Uni<List<ExecutorViews.PlanView>> plans(@QueryParam("service") String service);

    /** Returns the raw response: 200 and 202 both mean accepted, and a 409 is an answer worth reading. */
    @POST
    @Path("/executions")
    Uni<Response> start(@HeaderParam("Idempotency-Key") String idempotencyKey, ExecutorViews.ExecutionRequest request);

    @GET
    @Path("/executions/{id}")
    Uni<ExecutorViews.ExecutionView> execution(@PathParam("id") String id);
}
