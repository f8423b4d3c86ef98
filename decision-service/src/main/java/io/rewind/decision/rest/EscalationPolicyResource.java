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

/** On-call lists in escalation order, per service and {@code *} for the rest: admins write them, every person reads them. */
@Path("/api/escalation-policies")
public class EscalationPolicyResource {

    static final String SERVICE_OR_DEFAULT = "\\*|" + ServiceNames.PATTERN;
    static final String MESSAGE = "must be '*' (the default) or " + ServiceNames.MESSAGE;

    private final NotificationService notifications;
    private final SecurityIdentity identity;

    public EscalationPolicyResource(NotificationService notifications, SecurityIdentity identity) {
        this.notifications = notifications;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "Escalation policies by service, a page at a time (?limit, ?offset; Link rel=next)")
    public Uni<RestResponse<List<EscalationPolicyResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + ListPage.MAX_LIMIT, defaultValue = "" + ListPage.DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + ListPage.MAX_OFFSET, defaultValue = "0")) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return notifications.policies(page)
                .map(list -> page.respond(list.stream().map(EscalationPolicyResponse::from).toList(), uri));
    }

    @GET
    @Path("/{service}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "A service's escalation policy ('*': the default)")
    public Uni<EscalationPolicyResponse> get(
            @PathParam("service") @Pattern(regexp = SERVICE_OR_DEFAULT, message = MESSAGE) String service) {
        return notifications.policy(service).map(EscalationPolicyResponse::from);
    }

    @PUT
    @Path("/{service}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Define or replace a service's on-call list: {contacts: [{role, name, order, email, slack, phone, "
            + "waitBeforeNext}]}", description = "201 when new, 200 when replaced. Approval requests go to order 1; each "
                    + "overdue step goes one order further after the wait of the order before it.")
    public Uni<Response> put(
            @PathParam("service") @Pattern(regexp = SERVICE_OR_DEFAULT, message = MESSAGE) String service,
            @NotNull EscalationPolicyRequest body) {
        return notifications.putPolicy(service, body.contacts(), identity.getPrincipal().getName())
                .map(stored -> Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/escalation-policies/" + service))
                        .entity(EscalationPolicyResponse.from(stored.value())).build());
    }

    @DELETE
    @Path("/{service}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Remove a service's escalation policy (it then uses '*')")
    public Uni<Response> delete(
            @PathParam("service") @Pattern(regexp = SERVICE_OR_DEFAULT, message = MESSAGE) String service) {
        return notifications.deletePolicy(service).replaceWith(Response.noContent().build());
    }
}
