package io.rewind.decision.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.decision.service.NotificationService;

/** Notification channels: admins write them, every person's key reads them (secrets as references). */
@Path("/api/notification-channels")
public class NotificationChannelResource {

    private final NotificationService notifications;
    private final SecurityIdentity identity;

    public NotificationChannelResource(NotificationService notifications, SecurityIdentity identity) {
        this.notifications = notifications;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Notification channels by name, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<ChannelResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return notifications.channels(page).map(list -> page.respond(list.stream().map(ChannelResponse::from).toList(), uri));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One notification channel")
    public Uni<ChannelResponse> get(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return notifications.channel(name).map(ChannelResponse::from);
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Define or replace a notification channel: {kind, slack|webhook|email, events?, services?}",
            description = "201 when new, 200 when replaced. Secrets (the Slack webhook URL, the webhook signing secret, "
                    + "the SMTP password) are references ({\"env\": ...} or {\"file\": ...}), never values. Every mistake "
                    + "is named in one 400; nothing is stored then.")
    public Uni<Response> put(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
            @NotNull NotificationService.ChannelDefinition body) {
        return notifications.putChannel(name, body, identity.getPrincipal().getName())
                .map(stored -> Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/notification-channels/" + name))
                        .entity(ChannelResponse.from(stored.value())).build());
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove a notification channel; its pending deliveries fail, its delivery log stays")
    public Uni<Response> delete(
            @PathParam("name") @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name) {
        return notifications.deleteChannel(name).replaceWith(Response.noContent().build());
    }
}
