package io.rewind.status.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;
import io.rewind.status.AffectedComponents;
import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;
import io.rewind.status.Holdings;
import io.rewind.status.IdempotentRequest;
import io.rewind.status.Incident;
import io.rewind.status.IncidentKind;
import io.rewind.status.IncidentStatus;
import io.rewind.status.IncidentUpdate;
import io.rewind.status.MaintenanceStatus;
import io.rewind.status.Progress;
import io.rewind.status.TemplateText;
import io.rewind.status.Texts;
import io.rewind.status.repository.ComponentRepository;
import io.rewind.status.repository.IdempotentRequestRepository;
import io.rewind.status.repository.IncidentRepository;
import io.rewind.status.repository.IncidentUpdateRepository;
import io.rewind.status.repository.UpdateTemplateRepository;

/**
 * Incidents and scheduled maintenances, and what they do to components.
 *
 * <p>Each incident holds the components it names, in the status it gives them. While it is active (an open incident,
 * a maintenance in progress or verifying) a held component shows the worst status any active holder gives it; when an
 * incident closes, its components return to operational unless another active incident still holds them. A scheduled
 * maintenance holds its components without touching them until it starts.
 *
 * <p>Posting an incident or an update may carry an {@link Idempotency} key: its record is written first, in the same
 * transaction as what the request creates, so a repeat finds it (and posts nothing), and two requests racing with the
 * same key cannot both post: the second insert of the key waits for the first transaction and then fails on the
 * unique constraint, and that request is answered from the winner's record. Sessions are opened here rather than with
 * {@code @WithTransaction} for these two: a failed insert ends its session, and the answer needs a fresh one.
 */
@ApplicationScoped
public class IncidentService {

    private final IncidentRepository incidents;
    private final IncidentUpdateRepository updates;
    private final ComponentRepository components;
    private final UpdateTemplateRepository templates;
    private final WebhookService webhooks;
    private final IdempotentRequestRepository keys;

    public IncidentService(IncidentRepository incidents, IncidentUpdateRepository updates, ComponentRepository components,
            UpdateTemplateRepository templates, WebhookService webhooks, IdempotentRequestRepository keys) {
        this.incidents = incidents;
        this.updates = updates;
        this.components = components;
        this.templates = templates;
        this.webhooks = webhooks;
        this.keys = keys;
    }

    /** One page of incidents (or maintenances), newest first; {@code open} narrows to open or closed ones. */
    @WithSession
    public Uni<List<IncidentDetail>> list(IncidentKind kind, Boolean open, ListPage page) {
        return incidents.listKind(kind, open, page).chain(this::withUpdates);
    }

    @WithSession
    public Uni<IncidentDetail> get(IncidentKind kind, UUID id) {
        return find(kind, id).chain(incident -> withUpdates(List.of(incident)).map(list -> list.get(0)));
    }

    /** Opens an incident or schedules a maintenance with its first update; once per {@code key} when one is given. */
    @ChangesPublicPage
    public Uni<Posted> create(IncidentDraft draft, Idempotency key) {
        return idempotent(key, record -> createNow(draft, record));
    }

    /** Posts an update; once per {@code key} when one is given. */
    @ChangesPublicPage
    public Uni<Posted> addUpdate(IncidentKind kind, UUID id, UpdateDraft draft, Idempotency key) {
        return idempotent(key, record -> addUpdateNow(kind, id, draft, record));
    }

    /**
     * Runs {@code work} in a transaction; with a key, only if the caller has not used the key before, and with the
     * key's record written first so that a request racing with the same key waits for this one.
     */
    private Uni<Posted> idempotent(Idempotency key, Function<IdempotentRequest, Uni<Posted>> work) {
        if (key == null) {
            return Panache.withTransaction(() -> work.apply(null));
        }
        return Panache.withSession(() -> keys.find(key.caller(), key.key())).chain(earlier -> earlier != null
                ? repeat(earlier, key)
                : Panache.withTransaction(() -> {
                    IdempotentRequest record = new IdempotentRequest();
                    record.caller = key.caller();
                    record.idempotencyKey = key.key();
                    record.requestSha256 = key.requestSha256();
                    record.createdAt = now();
                    return keys.persistAndFlush(record).chain(() -> work.apply(record));
                }).onFailure(Constraints::isUniqueViolation).recoverWithUni(failure -> Panache
                        .withSession(() -> keys.find(key.caller(), key.key()))
                        .chain(winner -> winner == null ? Uni.createFrom().failure(failure) : repeat(winner, key))));
    }

    /**
     * The answer to a repeat: what the first request posted, as it is now; a 422 when the repeat asks for something
     * else under the same key (the IETF Idempotency-Key draft's answer), so a key never stands for two requests.
     */
    private Uni<Posted> repeat(IdempotentRequest earlier, Idempotency key) {
        if (!key.sameRequest(earlier.requestSha256) || earlier.incidentId == null) {
            Problem problem = Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, 422, "Idempotency-Key '" + key.key()
                    + "' was already used for another request (it posted update " + earlier.updateId + " of incident "
                    + earlier.incidentId + "); send a new key for a new request.");
            if (earlier.incidentId != null) {
                problem = problem.with("incidentId", earlier.incidentId).with("updateId", earlier.updateId);
            }
            return Uni.createFrom().failure(new ProblemException(problem));
        }
        return Panache.withSession(() -> incidents.findById(earlier.incidentId).chain(this::detail))
                .map(detail -> new Posted(detail, earlier.updateId, false));
    }

    private Uni<Posted> createNow(IncidentDraft draft, IdempotentRequest record) {
        OffsetDateTime now = now();
        Incident incident = new Incident();
        incident.kind = draft.kind();
        incident.name = draft.name().strip();
        incident.status = draft.status();
        incident.impact = draft.impact();
        incident.components = Holdings.none();
        incident.createdAt = now;
        incident.updatedAt = now;
        incident.startedAt = incident.maintenance() ? draft.scheduledFor()
                : draft.startedAt() == null ? now : draft.startedAt();
        incident.lastUpdateAt = now;
        incident.scheduledFor = draft.scheduledFor();
        incident.scheduledUntil = draft.scheduledUntil();
        return body(draft.body(), draft.templateId(), draft.variables())
                .chain(body -> incidents.persist(incident)
                        .chain(() -> post(incident, false, draft.status(), body, draft.components(), now)))
                .call(update -> notify(incident, update, "incident.created"))
                .chain(update -> posted(incident, update, record));
    }

    private Uni<Posted> addUpdateNow(IncidentKind kind, UUID id, UpdateDraft draft, IdempotentRequest record) {
        OffsetDateTime now = now();
        return find(kind, id).chain(incident -> body(draft.body(), draft.templateId(), draft.variables())
                .chain(body -> {
                    boolean wasActive = incident.active();
                    boolean wasOpen = incident.open();
                    if (draft.impact() != null) {
                        incident.impact = draft.impact();
                    }
                    return post(incident, wasActive, draft.status(), body, draft.components(), now)
                            .call(update -> notify(incident, update,
                                    wasOpen && !incident.open() ? "incident.resolved" : "incident.updated"));
                })
                .chain(update -> posted(incident, update, record)));
    }

    /** The answer to a request that posted {@code update}; its key's record (if any) now names what it posted. */
    private Uni<Posted> posted(Incident incident, IncidentUpdate update, IdempotentRequest record) {
        if (record != null) {
            record.incidentId = incident.id;
            record.updateId = update.id;
        }
        return detail(incident).map(detail -> new Posted(detail, update.id, true));
    }

    @ChangesPublicPage
    @WithTransaction
    public Uni<IncidentDetail> edit(IncidentKind kind, UUID id, IncidentEdit edit) {
        return find(kind, id).chain(incident -> {
            boolean changed = false;
            if (edit.name() != null && !edit.name().strip().equals(incident.name)) {
                incident.name = edit.name().strip();
                changed = true;
            }
            if (edit.impact() != null && edit.impact() != incident.impact) {
                incident.impact = edit.impact();
                changed = true;
            }
            if (edit.startedAt() != null && !incident.maintenance()) {
                incident.startedAt = edit.startedAt();
                changed = true;
            }
            if (edit.scheduledFor() != null || edit.scheduledUntil() != null) {
                OffsetDateTime from = edit.scheduledFor() != null ? edit.scheduledFor() : incident.scheduledFor;
                OffsetDateTime until = edit.scheduledUntil() != null ? edit.scheduledUntil() : incident.scheduledUntil;
                if (!until.isAfter(from)) {
                    return Uni.createFrom().failure(ProblemException.invalid("scheduledUntil", "must be after scheduledFor"));
                }
                incident.scheduledFor = from;
                incident.scheduledUntil = until;
                incident.startedAt = from;
                changed = true;
            }
            if (changed) {
                incident.updatedAt = now();
            }
            return incidents.flush().chain(() -> withUpdates(List.of(incident))).map(list -> list.get(0));
        });
    }

    /**
     * Records one update: moves the incident to {@code status}, holds the named components, and sets every component
     * the incident holds to what its holders now say, if the incident is active or has just stopped being so.
     */
    private Uni<IncidentUpdate> post(Incident incident, boolean wasActive, Progress status, String body,
            List<ComponentChange> changes, OffsetDateTime now) {
        List<ComponentChange> named = changes == null ? List.of() : changes;
        Set<UUID> ids = new LinkedHashSet<>(incident.components.ids());
        named.forEach(change -> ids.add(change.id()));
        return components.list("id in ?1", ids).chain(found -> {
            Map<UUID, Component> byId = found.stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
            for (int i = 0; i < named.size(); i++) {
                if (!byId.containsKey(named.get(i).id())) {
                    return Uni.createFrom().failure(ProblemException.invalid("components[" + i + "].id",
                            "is not an existing component ('" + named.get(i).id() + "')"));
                }
            }
            move(incident, status, now);
            incident.components = incident.components.with(named.stream()
                    .map(c -> new Holdings.Held(c.id(), c.status() != null ? c.status()
                            : incident.maintenance() ? ComponentStatus.UNDER_MAINTENANCE : ComponentStatus.MAJOR_OUTAGE))
                    .toList());
            return incidents.listOpen().map(open -> {
                List<Incident> holders = new ArrayList<>(open.stream().filter(i -> !i.id.equals(incident.id)).toList());
                holders.add(incident);
                List<AffectedComponents.Affected> affected = new ArrayList<>();
                boolean touches = incident.active() || wasActive;
                for (UUID componentId : ids) {
                    Component component = byId.get(componentId);
                    if (component == null) {
                        continue; // Deleted since the incident named it; nothing left to show.
                    }
                    ComponentStatus before = component.status;
                    ComponentStatus after = touches ? Holders.statusFor(componentId, holders) : before;
                    if (after != before) {
                        component.status = after;
                        component.updatedAt = now;
                    }
                    if (after != before || named.stream().anyMatch(c -> c.id().equals(componentId))) {
                        affected.add(new AffectedComponents.Affected(componentId.toString(), component.name, before, after));
                    }
                }
                IncidentUpdate update = new IncidentUpdate();
                update.incidentId = incident.id;
                update.status = status;
                update.body = body;
                update.affectedComponents = new AffectedComponents(List.copyOf(affected));
                update.createdAt = now;
                update.displayAt = now;
                update.updatedAt = now;
                return update;
            });
        }).chain(update -> updates.persist(update).chain(() -> incidents.flush()).replaceWith(update));
    }

    /** How many open incidents have had no update for longer than {@code staleAfter}. */
    @WithSession
    public Uni<Long> countStale(Duration staleAfter) {
        return incidents.countStale(now().minus(staleAfter));
    }

    /** Moves the incident to its new status and keeps the lifecycle timestamps Statuspage reports. */
    private static void move(Incident incident, Progress status, OffsetDateTime now) {
        incident.status = status;
        incident.updatedAt = now;
        incident.lastUpdateAt = now;
        if (status == IncidentStatus.MONITORING && incident.monitoringAt == null) {
            incident.monitoringAt = now;
        }
        if (incident.open()) {
            incident.resolvedAt = null; // Reopened: it is not resolved any more.
        } else if (incident.resolvedAt == null) {
            incident.resolvedAt = now;
        }
        if (incident.maintenance() && status == MaintenanceStatus.IN_PROGRESS
                && now.isBefore(incident.startedAt)) {
            incident.startedAt = now; // Started early: readers should see when it really began.
        }
    }

    /** Subscribers hear of incidents; maintenances are announced on the page and in the feed. */
    private Uni<Void> notify(Incident incident, IncidentUpdate update, String event) {
        return incident.maintenance() ? Uni.createFrom().voidItem() : webhooks.enqueue(incident, update, event);
    }

    private Uni<String> body(String body, UUID templateId, Map<String, String> variables) {
        if (templateId == null) {
            String text = Texts.blankToNull(body);
            return text == null
                    ? Uni.createFrom().failure(ProblemException.invalid("body", "must not be blank (or give a templateId)"))
                    : Uni.createFrom().item(text);
        }
        return templates.findById(templateId)
                .onItem().ifNull().failWith(() -> ProblemException.invalid("templateId", "is not an existing template ('" + templateId + "')"))
                .map(template -> {
                    try {
                        return TemplateText.render(template.body, variables == null ? Map.of() : variables);
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.invalid("variables", e.getMessage());
                    }
                });
    }

    private Uni<Incident> find(IncidentKind kind, UUID id) {
        String what = kind == IncidentKind.MAINTENANCE ? "Maintenance" : "Incident";
        return incidents.findById(id).onItem().transform(i -> i != null && i.kind == kind ? i : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound(what, id));
    }

    private Uni<IncidentDetail> detail(Incident incident) {
        return withUpdates(List.of(incident)).map(list -> list.get(0));
    }

    private Uni<List<IncidentDetail>> withUpdates(List<Incident> list) {
        return updates.listFor(list.stream().map(i -> i.id).toList()).map(all -> list.stream()
                .map(i -> new IncidentDetail(i, all.stream().filter(u -> u.incidentId.equals(i.id)).toList()))
                .toList());
    }

    /** PostgreSQL keeps microseconds: what a write returns must equal what a later read returns. */
    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
