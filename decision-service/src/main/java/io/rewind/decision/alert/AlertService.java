package io.rewind.decision.alert;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.common.Severity;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.ReceivedAlert;
import io.rewind.decision.alert.AlertmanagerPayload.Alert;
import io.rewind.decision.alert.AlertmanagerPayload.Outcome;
import io.rewind.decision.repository.AlertRepository;
import io.rewind.decision.repository.IncidentEventRepository;
import io.rewind.decision.service.IncidentService;

/**
 * Alertmanager's notifications become incidents. Each alert (a fingerprint firing from one start) is recorded once and
 * its repeated notifications counted. The firing alerts of one notification for one service go to one incident: the
 * incident still open (not RESOLVED) of any of their fingerprints or of an earlier alert of the same Alertmanager group
 * ({@code groupKey}) for that service, else a new one, reported through {@link IncidentService} from the most severe of
 * them. A resolved alert is written on its incident's timeline (ALERT_RESOLVED); it does not resolve the incident,
 * whose rollback decides that. Notifications are taken one at a time (a PostgreSQL lock), so two at once cannot both
 * open an incident for the same alert.
 */
@ApplicationScoped
public class AlertService {

    private static final OffsetDateTime NO_TIME = OffsetDateTime.of(1970, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);

    private final AlertRepository alerts;
    private final IncidentEventRepository events;
    private final IncidentService incidents;

    public AlertService(AlertRepository alerts, IncidentEventRepository events, IncidentService incidents) {
        this.alerts = alerts;
        this.events = events;
        this.incidents = incidents;
    }

    /** One alert of the notification as recorded, with what the convention made of it. */
    private record Received(Alert alert, ReceivedAlert row, boolean isNew, boolean newlyResolved, List<String> notes) {
    }

    public Uni<AlertmanagerPayload.Receipt> receive(AlertmanagerPayload payload, String receivedBy) {
        return Panache.withTransaction(() -> alerts.lockIntake()
                .chain(() -> Multi.createFrom().iterable(payload.alerts())
                        .onItem().transformToUniAndConcatenate(alert -> record(payload.groupKey(), alert, receivedBy))
                        .collect().asList())
                .flatMap(received -> route(payload.groupKey(), received, receivedBy)));
    }

    private Uni<Received> record(String groupKey, Alert alert, String receivedBy) {
        OffsetDateTime now = now();
        List<String> notes = new ArrayList<>();
        String service = AlertSignals.service(alert.labels(), alert.annotations(), notes);
        return alerts.occurrence(alert.fingerprint(), alert.startsAt()).flatMap(existing -> {
            ReceivedAlert row = existing != null ? existing : new ReceivedAlert();
            boolean wasResolved = existing != null && existing.status == ReceivedAlert.Status.RESOLVED;
            if (existing == null) {
                row.fingerprint = alert.fingerprint();
                row.startsAt = alert.startsAt();
                row.firstSeen = now;
                row.receivedBy = receivedBy;
                row.service = service;
                row.groupKey = groupKey;
            }
            row.status = alert.firing() ? ReceivedAlert.Status.FIRING : ReceivedAlert.Status.RESOLVED;
            row.endsAt = alert.endsAt() == null || alert.endsAt().isBefore(NO_TIME) ? null : alert.endsAt();
            row.alertName = alert.labels().get("alertname");
            row.labels = alert.labels();
            row.annotations = alert.annotations() == null ? Map.of() : alert.annotations();
            row.lastSeen = now;
            row.notifications++;
            if (service != null) {
                notes.addAll(AlertSignals.map(service, alert.labels(), alert.annotations()).notes());
            }
            row.notes = notes.isEmpty() ? null : String.join("; ", notes);
            boolean newlyResolved = !alert.firing() && !wasResolved;
            Received received = new Received(alert, row, existing == null, newlyResolved, notes);
            return (existing == null ? alerts.persist(row) : Uni.createFrom().item(row)).replaceWith(received);
        });
    }

    /** Sends each service's alerts of the notification to one incident. */
    private Uni<AlertmanagerPayload.Receipt> route(String groupKey, List<Received> received, String receivedBy) {
        Map<String, List<Received>> byService = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Received r : received) {
            if (r.row().service == null) {
                outcomes.add(new Outcome(r.row().fingerprint, "RECORDED", null, r.notes()));
            } else {
                byService.computeIfAbsent(r.row().service, s -> new ArrayList<>()).add(r);
            }
        }
        return Multi.createFrom().iterable(byService.entrySet())
                .onItem().transformToUniAndConcatenate(e -> routeService(e.getKey(), groupKey, e.getValue(), receivedBy))
                .collect().asList()
                .call(alerts::flush)
                .map(lists -> {
                    lists.forEach(outcomes::addAll);
                    return new AlertmanagerPayload.Receipt(received.size(), outcomes);
                });
    }

    private Uni<List<Outcome>> routeService(String service, String groupKey, List<Received> received, String receivedBy) {
        List<String> fingerprints = received.stream().map(r -> r.row().fingerprint).distinct().toList();
        return alerts.openIncident(service, fingerprints, groupKey).flatMap(open -> {
            List<Received> firing = received.stream().filter(r -> r.alert().firing()).toList();
            if (open == null && firing.isEmpty()) {
                return resolvedWithoutOpenIncident(received, receivedBy);
            }
            Uni<UUID> incident = open != null ? Uni.createFrom().item(open) : openIncident(service, firing, receivedBy);
            return incident.flatMap(id -> attach(id, open == null, received, receivedBy));
        });
    }

    /** Opens the incident from the most severe firing alert (the earliest first among equals). */
    private Uni<UUID> openIncident(String service, List<Received> firing, String receivedBy) {
        Received first = firing.stream().min(Comparator
                .comparing((Received r) -> severityRank(AlertSignals.map(service, r.alert().labels(), r.alert().annotations())
                        .signals().severity()))
                .thenComparing(r -> r.alert().startsAt())).orElseThrow();
        AlertSignals.Mapped mapped = AlertSignals.map(service, first.alert().labels(), first.alert().annotations());
        var report = new IncidentService.Report(mapped.title(), first.alert().startsAt(), mapped.signals(),
                Incident.Source.ALERT, null, receivedBy);
        return incidents.report(report).map(incident -> incident.id);
    }

    private static int severityRank(Severity severity) {
        return severity == null ? Integer.MAX_VALUE : severity.ordinal();
    }

    private Uni<List<Outcome>> attach(UUID incidentId, boolean opened, List<Received> received, String receivedBy) {
        OffsetDateTime now = now();
        List<Outcome> outcomes = new ArrayList<>();
        List<IncidentEvent> timeline = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        for (Received r : received) {
            ReceivedAlert row = r.row();
            String result;
            if (row.incidentId == null) {
                row.incidentId = incidentId;
                result = opened ? "OPENED" : "JOINED";
                timeline.add(IncidentEvent.of(incidentId, now, "ALERT_RECEIVED", receivedBy, describe(r, opened
                        ? "opened the incident" : "joined the incident open for its fingerprint or group")));
            } else {
                result = "REPEATED";
                if (r.alert().firing()) {
                    repeated.add(name(row));
                }
            }
            if (r.newlyResolved()) {
                result = "RESOLVED";
                timeline.add(resolved(incidentId, row, receivedBy));
            }
            outcomes.add(new Outcome(row.fingerprint, result, incidentId, r.notes()));
        }
        if (!repeated.isEmpty()) {
            timeline.add(IncidentEvent.of(incidentId, now, "ALERT_REPEATED", receivedBy, "Alertmanager repeated "
                    + String.join(", ", repeated) + ": still firing, no new incident"));
        }
        return (timeline.isEmpty() ? Uni.createFrom().voidItem() : events.persist(timeline)).replaceWith(outcomes);
    }

    /** Resolved alerts of no open incident: written on the incident their fingerprint had, if any. */
    private Uni<List<Outcome>> resolvedWithoutOpenIncident(List<Received> received, String receivedBy) {
        return Multi.createFrom().iterable(received).onItem().transformToUniAndConcatenate(r -> {
            ReceivedAlert row = r.row();
            Uni<UUID> incident = row.incidentId != null ? Uni.createFrom().item(row.incidentId) : alerts.incidentOf(row.fingerprint);
            return incident.flatMap(id -> {
                if (id == null || !r.newlyResolved()) {
                    return Uni.createFrom().item(new Outcome(row.fingerprint, id == null ? "RECORDED" : "REPEATED", id, r.notes()));
                }
                row.incidentId = id;
                return events.persist(resolved(id, row, receivedBy)).replaceWith(new Outcome(row.fingerprint, "RESOLVED", id, r.notes()));
            });
        }).collect().asList();
    }

    private static IncidentEvent resolved(UUID incidentId, ReceivedAlert row, String receivedBy) {
        return IncidentEvent.of(incidentId, now(), "ALERT_RESOLVED", receivedBy, name(row) + " (fingerprint "
                + row.fingerprint + ") resolved" + (row.endsAt == null ? "" : " at " + row.endsAt)
                + ": the incident stays as it is until its rollback or a human resolves it");
    }

    private static String describe(Received r, String what) {
        ReceivedAlert row = r.row();
        String description = AlertSignals.value("description", row.labels, row.annotations);
        return name(row) + " (fingerprint " + row.fingerprint + ", started " + row.startsAt + ") " + what
                + (description == null ? "" : ": " + description)
                + (r.notes().isEmpty() ? "" : ". Not used: " + String.join("; ", r.notes()));
    }

    private static String name(ReceivedAlert row) {
        return "alert " + (row.alertName == null ? "(no alertname)" : row.alertName);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
