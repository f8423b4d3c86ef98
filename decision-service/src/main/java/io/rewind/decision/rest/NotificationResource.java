package io.rewind.decision.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.QueryParams;
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.service.NotificationService;

/** The delivery log: every notification, with its attempts and last error. */
@Path("/api/notifications")
public class NotificationResource {

    private final NotificationService notifications;

    public NotificationResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Notifications, newest first, a page at a time (?incident, ?state, ?channel, ?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<NotificationResponse>>> list(
            @QueryParam("incident") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) String incident,
            @QueryParam("state") @Parameter(schema = @Schema(implementation = NotificationDelivery.State.class)) String state,
            @QueryParam("channel") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String channel,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        UUID incidentId = uuid("incident", incident);
        NotificationDelivery.State wanted = QueryParams.enumValue(NotificationDelivery.State.class, "state", state);
        return notifications.deliveries(incidentId, wanted, channel, page)
                .map(list -> page.respond(list.stream().map(NotificationResponse::from).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One notification")
    public Uni<NotificationResponse> get(@PathParam("id") UUID id) {
        return notifications.delivery(id).map(NotificationResponse::from);
    }

    private static UUID uuid(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(parameter, "must be an incident id (a UUID)");
        }
    }
}
