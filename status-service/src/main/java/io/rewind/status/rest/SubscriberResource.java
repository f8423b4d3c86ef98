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

import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.status.Delivery;
import io.rewind.status.Subscriber;
import io.rewind.status.service.WebhookService;

/**
 * Webhook subscribers. Their URLs may be credentials (a Slack webhook URL is one), so only admin keys read them in
 * full; every other key sees scheme and host only ({@link WebhookUrls}), in lists, single reads and delivery logs.
 * The signing secret is shown once, in the answer to the admin who created the subscriber.
 */
@Path("/api/admin/subscribers")
public class SubscriberResource {

    /**
     * A subscriber.
     *
     * @param url in full for admin keys, {@code https://host/…} for others
     * @param secret only in the answer to its creation
     */
    public record SubscriberResponse(UUID id, String name, String url, String format, String secret,
            OffsetDateTime createdAt) {

        static SubscriberResponse from(Subscriber s, boolean withSecret, boolean fullUrl) {
            return new SubscriberResponse(s.id, s.name, fullUrl ? s.url : WebhookUrls.redact(s.url), s.format,
                    withSecret ? s.secret : null, s.createdAt);
        }
    }

    /**
     * One entry of the delivery log.
     *
     * @param status {@code pending}, {@code delivered}, {@code failed}, or {@code dropped} (never sent: the subscriber
     *        had too many pending deliveries)
     */
    public record DeliveryResponse(UUID id, UUID incidentId, String event, String status, int attempts,
            Integer lastStatusCode, String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime createdAt,
            OffsetDateTime deliveredAt) {

        /** An error may quote the URL (an unparseable one is quoted whole): redacted for all but admins. */
        static DeliveryResponse from(Delivery d, String url, boolean fullUrl) {
            return new DeliveryResponse(d.id, d.incidentId, d.event, d.status, d.attempts, d.lastStatusCode,
                    fullUrl ? d.lastError : WebhookUrls.redactIn(d.lastError, url), d.nextAttemptAt, d.createdAt,
                    d.deliveredAt);
        }
    }

    private final WebhookService webhooks;
    private final SecurityIdentity identity;

    public SubscriberResource(WebhookService webhooks, SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.identity = identity;
    }

    private boolean admin() {
        return identity.hasRole(Role.ADMIN_NAME);
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Add a webhook subscriber", description = "The answer shows its signing secret, once.")
    public Uni<Response> create(@Valid @NotNull SubscriberRequest body, @Context UriInfo uri) {
        return webhooks.create(body.toSubscriber()).map(s -> Response
                .created(uri.getAbsolutePathBuilder().path(s.id.toString()).build())
                .entity(SubscriberResponse.from(s, true, true)).build());
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Subscribers, oldest first, a page at a time, without secrets",
            description = "URLs in full for admin keys only; others see scheme and host. limit (default 50, at most "
                    + "500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<SubscriberResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        boolean fullUrl = admin();
        return webhooks.list(page).map(list -> page.respond(
                list.stream().map(s -> SubscriberResponse.from(s, false, fullUrl)).toList(), uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One subscriber, without its secret", description = "URL in full for admin keys only.")
    public Uni<SubscriberResponse> get(@PathParam("id") UUID id) {
        boolean fullUrl = admin();
        return webhooks.get(id).map(s -> SubscriberResponse.from(s, false, fullUrl));
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
    @Operation(summary = "The subscriber's deliveries, newest first, a page at a time",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<DeliveryResponse>>> deliveries(@PathParam("id") UUID id,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        boolean fullUrl = admin();
        return webhooks.get(id).chain(subscriber -> webhooks.deliveries(id, page).map(list -> page.respond(
                list.stream().map(d -> DeliveryResponse.from(d, subscriber.url, fullUrl)).toList(), uri)));
    }
}
