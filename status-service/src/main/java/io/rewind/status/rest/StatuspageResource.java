package io.rewind.status.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.StatusPageService;

/**
 * The public Statuspage v2 API, in Atlassian's exact format, so that existing Statuspage clients, widgets and
 * monitors read this page unchanged. Public: no key.
 */
@Path("/api/v2")
public class StatuspageResource {

    private final StatusPageService page;
    private final StatusPageConfig config;

    public StatuspageResource(StatusPageService page, StatusPageConfig config) {
        this.page = page;
        this.config = config;
    }

    @GET
    @Path("/components.json")
    @PermitAll
    @Operation(summary = "The page's components and groups (Statuspage v2)")
    public Uni<V2Components> components() {
        return page.content().map(content -> V2Components.of(config, content));
    }
}
