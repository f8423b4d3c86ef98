package io.rewind.status.rest;

import java.util.List;
import java.util.function.Function;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;
import io.rewind.status.service.PageSnapshot;
import io.rewind.status.service.PublicCache;
import io.rewind.status.uptime.UptimeService;

/**
 * The public Statuspage v2 API, in Atlassian's exact format, so that existing Statuspage clients, widgets and
 * monitors read this page unchanged. Public: no key. Served from {@link PublicCache}, with ETag and Last-Modified.
 */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
public class StatuspageResource {

    private final PublicCache cache;
    private final PublicResponses responses;
    private final StatusPageConfig config;
    private final ObjectMapper json;
    private final UptimeService uptime;

    public StatuspageResource(PublicCache cache, PublicResponses responses, StatusPageConfig config, ObjectMapper json,
            UptimeService uptime) {
        this.cache = cache;
        this.responses = responses;
        this.config = config;
        this.json = json;
        this.uptime = uptime;
    }

    @GET
    @Path("/summary.json")
    @PermitAll
    @Operation(summary = "Status, components, unresolved incidents, active and upcoming maintenances (Statuspage v2)")
    public Uni<Response> summary(@Context HttpHeaders headers) {
        return serve("summary", snapshot -> V2Documents.summary(config, snapshot), headers);
    }

    @GET
    @Path("/status.json")
    @PermitAll
    @Operation(summary = "The page's overall indicator and its description (Statuspage v2)")
    public Uni<Response> status(@Context HttpHeaders headers) {
        return serve("status", snapshot -> V2Documents.status(config, snapshot), headers);
    }

    @GET
    @Path("/components.json")
    @PermitAll
    @Operation(summary = "The page's components and groups (Statuspage v2)")
    public Uni<Response> components(@Context HttpHeaders headers) {
        return serve("components", snapshot -> new V2Components(V2Documents.page(config, snapshot),
                V2Components.of(config, snapshot.content()).components()), headers);
    }

    @GET
    @Path("/incidents.json")
    @PermitAll
    @Operation(summary = "The 50 most recent incidents (Statuspage v2)")
    public Uni<Response> incidents(@Context HttpHeaders headers) {
        return incidents("incidents", PageSnapshot::recentIncidents, headers);
    }

    @GET
    @Path("/incidents/unresolved.json")
    @PermitAll
    @Operation(summary = "Incidents not yet resolved (Statuspage v2)")
    public Uni<Response> unresolved(@Context HttpHeaders headers) {
        return incidents("incidents/unresolved", PageSnapshot::unresolvedIncidents, headers);
    }

    @GET
    @Path("/scheduled-maintenances.json")
    @PermitAll
    @Operation(summary = "The 50 most recent scheduled maintenances (Statuspage v2)")
    public Uni<Response> maintenances(@Context HttpHeaders headers) {
        return maintenances("maintenances", PageSnapshot::maintenances, headers);
    }

    @GET
    @Path("/scheduled-maintenances/upcoming.json")
    @PermitAll
    @Operation(summary = "Maintenances scheduled and not yet started (Statuspage v2)")
    public Uni<Response> upcoming(@Context HttpHeaders headers) {
        return maintenances("maintenances/upcoming", PageSnapshot::upcomingMaintenances, headers);
    }

    @GET
    @Path("/scheduled-maintenances/active.json")
    @PermitAll
    @Operation(summary = "Maintenances in progress or verifying (Statuspage v2)")
    public Uni<Response> active(@Context HttpHeaders headers) {
        return maintenances("maintenances/active", PageSnapshot::activeMaintenances, headers);
    }

    @GET
    @Path("/uptime.json")
    @PermitAll
    @Operation(summary = "Each component's uptime over the last 90 days, as the page shows it (Rewind's own document)",
            description = "Not part of Statuspage's v2 API: uptime_percentage is the share of the 90 days without an "
                    + "incident on the component, and days lists the days something happened to it.")
    public Uni<Response> uptime(@Context HttpHeaders headers) {
        return serve("uptime", snapshot -> V2Documents.uptime(config, snapshot,
                uptime.histories(snapshot.incidents(), config.timeZone())), headers);
    }

    private Uni<Response> incidents(String key, Function<PageSnapshot, List<IncidentDetail>> which, HttpHeaders headers) {
        return serve(key, snapshot -> V2Documents.incidentsBody(config, snapshot, which.apply(snapshot)), headers);
    }

    private Uni<Response> maintenances(String key, Function<PageSnapshot, List<IncidentDetail>> which, HttpHeaders headers) {
        return serve(key, snapshot -> V2Documents.maintenancesBody(config, snapshot, which.apply(snapshot)), headers);
    }

    private Uni<Response> serve(String key, Function<PageSnapshot, Object> document, HttpHeaders headers) {
        return cache.serve("v2:" + key, snapshot -> {
            try {
                return PublicCache.Rendered.of(json.writeValueAsBytes(document.apply(snapshot)),
                        MediaType.APPLICATION_JSON, snapshot.updatedAt().toInstant());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a v2 document could not be written", e);
            }
        }).map(served -> responses.of(served, headers));
    }
}
