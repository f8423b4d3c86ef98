package io.rewind.executor.client;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.rewind.common.client.ServiceKeyHeaders;

/** backup-service's API for readiness and restores, called with this service's key. Blocking: steps run on worker threads. */
@RegisterRestClient(configKey = "backup-service")
@RegisterClientHeaders(ServiceKeyHeaders.class)
@Path("/api")
interface BackupServiceApi {

    @GET
    @Path("/databases/{name}/readiness")
    BackupViews.Readiness readiness(@PathParam("name") String database);

    @POST
    @Path("/backups/{id}/restores")
    BackupViews.Restore restore(@HeaderParam("Idempotency-Key") String idempotencyKey, @PathParam("id") UUID backupId,
            BackupViews.NewRestore restore);

    @GET
    @Path("/restores/{id}")
    BackupViews.Restore restoreJob(@PathParam("id") UUID id);
}
