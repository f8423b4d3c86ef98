package io.rewind.decision.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.service.IncidentService;
import io.rewind.decision.service.Postmortem;
import io.rewind.decision.service.TimelineService;

@Path("/api/incidents")
public class IncidentResource {

    private final IncidentService incidents;
    private final TimelineService timelines;
    private final SecurityIdentity identity;

    public IncidentResource(IncidentService incidents, TimelineService timelines, SecurityIdentity identity) {
        this.incidents = incidents;
        this.timelines = timelines;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Report an incident: it is scored, decided and, when no approval is needed, rolled back")
    public Uni<Response> report(@Valid @NotNull IncidentRequest body) {
        var report = new IncidentService.Report(body.title(), body.detectedAt(), body.signals(), Incident.Source.ENGINEER,
                null, identity.getPrincipal().getName());
        return incidents.report(report).map(incident -> Response.created(URI.create("/api/incidents/" + incident.id))
                .entity(IncidentResponse.from(new IncidentService.Details(incident, List.of()))).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Incidents, newest first, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<IncidentResponse>>> list(
            @QueryParam("service") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
            @QueryParam("status") @Parameter(schema = @Schema(implementation = IncidentStatus.class)) String status,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        IncidentStatus wanted = QueryParams.enumValue(IncidentStatus.class, "status", status);
        ListPage page = ListPage.of(limit, offset);
        return incidents.search(service, wanted, page)
                .map(list -> page.respond(list.stream().map(IncidentResponse::summary).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Uni<IncidentResponse> get(@PathParam("id") UUID id) {
        return incidents.get(id).map(IncidentResponse::from);
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The incident's story from decision-service, executor-service and the status page, in time order",
            description = "Its entries a page at a time (?limit, ?offset; Link rel=next); gaps names any source that "
                    + "could not be read, or an execution that is not the incident's rollback.")
    public Uni<RestResponse<TimelineResponse>> timeline(@PathParam("id") UUID id,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return timelines.timeline(id).map(timeline -> {
            List<TimelineService.Entry> entries = page.slice(timeline.entries());
            return PageLinks.withNextLink(TimelineResponse.from(timeline, entries), page, entries, uri);
        });
    }

    @GET
    @Path("/{id}/postmortem")
    @Produces("text/markdown")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "A post-mortem draft in seed 002's incident report template, as Markdown")
    public Uni<String> postmortem(@PathParam("id") UUID id) {
        return timelines.timeline(id).map(Postmortem::markdown);
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Role.APPROVER_NAME)
    @Operation(summary = "Approve the rollback; recorded with who, when and the comment, flagged when past the deadline")
    public Uni<IncidentResponse> approve(@PathParam("id") UUID id, @Valid ApprovalRequest body) {
        return incidents.approve(id, identity.getPrincipal().getName(), body == null ? null : body.comment(),
                body == null ? null : body.strategy())
                .map(IncidentResponse::from);
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(Role.APPROVER_NAME)
    @Operation(summary = "Reject the rollback")
    public Uni<IncidentResponse> reject(@PathParam("id") UUID id, @Valid ApprovalRequest body) {
        return incidents.reject(id, identity.getPrincipal().getName(), body == null ? null : body.comment())
                .map(IncidentResponse::from);
    }
}
