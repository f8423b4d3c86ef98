package io.rewind.decision.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.rewind.common.client.ServiceKeyHeaders;
import io.smallrye.mutiny.Uni;

@RegisterRestClient(configKey = "backup-service")
@RegisterClientHeaders(ServiceKeyHeaders.class)
@Path("/api/databases")
interface BackupReadinessApi {

    @GET
    @Path("/{name}/readiness")
    Uni<BackupReadinessView> readiness(@PathParam("name") String database, @QueryParam("maxAgeHours") int maxAgeHours);
}
