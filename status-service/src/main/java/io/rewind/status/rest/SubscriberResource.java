package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import io.rewind.common.security.Role;
import io.rewind.status.Delivery;
import io.rewind.status.Subscriber;
import io.rewind.status.service.WebhookService;

@Path("/api/admin/subscribers")
public class SubscriberResource {

    /** A subscriber; {@code secret} only in the answer to its creation. */
    public record SubscriberResponse(UUID id, String name, String url, String format, String secret,
            OffsetDateTime createdAt) {

        static SubscriberResponse from(Subscriber s, boolean withSecret) {
            return new SubscriberResponse(s.id, s.name, s.url, s.format, withSecret ? s.secret : null, s.createdAt);
        }
    }

    /** One entry of the delivery log. */
    public record DeliveryResponse(UUID id, UUID incidentId, String event, String status, int attempts,
            Integer lastStatusCode, String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime createdAt,
            OffsetDateTime deliveredAt) {

        static DeliveryResponse from(Delivery d) {
            return new DeliveryResponse(d.id, d.incidentId, d.event, d.status, d.attempts, d.lastStatusCode, d.lastError,
                    d.nextAttemptAt, d.createdAt, d.deliveredAt);
        }
    }

    private final WebhookService webhooks;

    public SubscriberResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Add a webhook subscriber", description = "The answer shows its signing secret, once.")
    public Uni<Response> create(@Valid @NotNull SubscriberRequest body, @Context UriInfo uri) {
        return webhooks.create(body.toSubscriber()).map(s -> Response
                .created(uri.getAbsolutePathBuilder().path(s.id.toString()).build())
                .entity(SubscriberResponse.from(s, true)).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Every subscriber, without secrets")
    public Uni<List<SubscriberResponse>> list() {
        return webhooks.list().map(list -> list.stream().map(s -> SubscriberResponse.from(s, false)).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One subscriber, without its secret")
    public Uni<SubscriberResponse> get(@PathParam("id") UUID id) {
        return webhooks.get(id).map(s -> SubscriberResponse.from(s, false));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove a subscriber and its delivery log")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return webhooks.delete(id);
    }

    @GET
    @Path("/{id}/deliveries")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The subscriber's 100 latest deliveries, newest first")
    public Uni<List<DeliveryResponse>> deliveries(@PathParam("id") UUID id) {
        return webhooks.deliveries(id).map(list -> list.stream().map(DeliveryResponse::from).toList());
    }
}
