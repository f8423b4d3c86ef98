package io.rewind.decision.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.rewind.common.client.ServiceKeyHeaders;
import io.smallrye.mutiny.Uni;

/** The four backup-service operations a release preflight uses to take and verify a pre-deploy backup. */
@RegisterRestClient(configKey = "backup-service")
@RegisterClientHeaders(ServiceKeyHeaders.class)
@Path("/api")
interface BackupJobsApi {

    @POST
    @Path("/databases/{name}/backups")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<BackupJobViews.Backup> takeBackup(@PathParam("name") String database, BackupJobViews.NewBackup body);

    @GET
    @Path("/backups/{id}")
    Uni<BackupJobViews.Backup> backup(@PathParam("id") String id);

    @POST
    @Path("/backups/{id}/verifications")
    Uni<BackupJobViews.Verification> verify(@PathParam("id") String id);

    @GET
    @Path("/backups/{id}/verifications")
    Uni<List<BackupJobViews.Verification>> verifications(@PathParam("id") String id, @QueryParam("limit") int limit);
}
