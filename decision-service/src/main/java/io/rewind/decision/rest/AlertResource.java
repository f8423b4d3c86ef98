package io.rewind.decision.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import io.rewind.common.security.Role;
import io.rewind.decision.alert.AlertService;
import io.rewind.decision.alert.AlertmanagerPayload;

@Path("/api/alerts")
public class AlertResource {

    private final AlertService alerts;
    private final SecurityIdentity identity;

    public AlertResource(AlertService alerts, SecurityIdentity identity) {
        this.alerts = alerts;
        this.identity = identity;
    }

    @POST
    @Path("/alertmanager")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Prometheus Alertmanager's webhook receiver (payload version 4): alerts become incidents",
            description = "200 for every notification in Alertmanager's format, with what became of each alert: a value "
                    + "the convention cannot use is noted on the incident, not refused, so that Alertmanager does not "
                    + "send it again forever. 400 only for a body that is not an Alertmanager v4 notification.")
    public Uni<AlertmanagerPayload.Receipt> receive(@Valid @NotNull AlertmanagerPayload body) {
        return alerts.receive(body, identity.getPrincipal().getName());
    }
}
