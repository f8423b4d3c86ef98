package io.rewind.executor.action;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.client.StatusClient;
import io.rewind.executor.client.StatusViews;
import io.rewind.executor.params.StatusUpdateParams;
import io.rewind.executor.repository.EarlierSteps;

/**
 * {@code status.update}: tells customers through status-service. The first such step of an execution opens the public
 * incident (named after the execution's target and release) with its first update; each later one adds an update to
 * that same incident, which it finds in the after-state of the earlier step. The text is {@code message}, or the
 * status-service template named {@code template}, filled with what the execution knows ({@code service},
 * {@code target}, {@code from}, {@code to}, {@code incident}, {@code execution}) for the placeholders it has.
 *
 * <p>The output is {@code status incident <id>: <status>}, which decision-service reads into the incident's timeline.
 * Every post carries the step's {@code Idempotency-Key} ({@link StepContext#idempotencyKey}: {@code incident-open} or
 * {@code incident-update}), the same on every attempt, so status-service answers a repeat with what the first post
 * stored. A resumed step also first looks for what it may already have posted since it started (an open incident of
 * that name, or an update of that status) and adopts it. Nothing to compensate: a public update cannot be taken back,
 * only followed by another.
 */
@ApplicationScoped
public class StatusUpdateAction implements StepAction {

    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);
    private static final int MAX_NAME = 200;

    private final StatusClient status;
    private final EarlierSteps earlier;

    public StatusUpdateAction(StatusClient status, EarlierSteps earlier) {
        this.status = status;
        this.earlier = earlier;
    }

    @Override
    public StepKind kind() {
        return StepKind.STATUS_UPDATE;
    }

    /** The incident an earlier status.update of this execution opened or updated, if any. */
    private Optional<String> earlierIncident(StepContext context) {
        if (context.execution() == null) {
            return Optional.empty();
        }
        List<EarlierSteps.Earlier> steps = earlier.ofKind(context.execution().id(), context.execution().position(), kind())
                .await().atMost(DATABASE_WAIT);
        return steps.stream().map(s -> s.after().get("incidentId")).filter(String.class::isInstance)
                .map(String.class::cast).reduce((first, second) -> second);
    }

    /** Records which incident the step will update, or that it opens one: a resumed step then does the same. */
    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return earlierIncident(context).<Map<String, Object>> map(id -> Map.of("incidentId", id))
                .orElseGet(() -> Map.of("opens", name(context)));
    }

    @Override
    public Preview dryRun(StepContext context) {
        String text = text(context);
        Optional<String> incident = earlierIncident(context);
        boolean earlierStep = context.execution() != null && !earlier.ofKind(context.execution().id(),
                context.execution().position(), kind()).await().atMost(DATABASE_WAIT).isEmpty();
        String what = incident.map(id -> "would post a " + status(context) + " update to status incident " + id)
                .orElse(earlierStep ? "would post a " + status(context) + " update to the incident an earlier step opens"
                        : "would open the public incident '" + name(context) + "' as " + status(context));
        return new Preview(Map.of(), Map.of("status", status(context)), what + ": " + text + " (nothing posted in a dry run)");
    }

    @Override
    public Outcome apply(StepContext context) {
        Object recorded = context.recorded("incidentId");
        StatusViews.Incident incident;
        boolean opened;
        if (recorded instanceof String id) {
            UUID incidentId = UUID.fromString(id);
            StatusViews.Incident current = status.incident(incidentId)
                    .orElseThrow(() -> new StepFailure("status incident " + id + ", opened by an earlier step, no longer exists"));
            incident = alreadyUpdated(context, current) ? current
                    : status.update(incidentId, newUpdate(context), context.idempotencyKey("incident-update"));
            opened = false;
        } else {
            String name = context.recorded("opens") instanceof String n ? n : name(context);
            incident = alreadyOpened(context, name).orElseGet(() -> status.open(newIncident(context, name),
                    context.idempotencyKey("incident-open")));
            opened = true;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("incidentId", incident.id().toString());
        after.put("status", status(context));
        after.put("opened", opened);
        return new Outcome.Done(after, output(incident.id(), status(context)));
    }

    private static String output(UUID incidentId, String status) {
        return "status incident " + incidentId + ": " + status;
    }

    /** An open incident of that name created since this step started: this step opened it before it was interrupted. */
    private Optional<StatusViews.Incident> alreadyOpened(StepContext context, String name) {
        if (context.attempt() <= 1) {
            return Optional.empty();
        }
        return status.openIncidents().stream()
                .filter(i -> name.equals(i.name()) && since(context, i.createdAt()))
                .findFirst();
    }

    /** An update of this status posted since this step started: this step posted it before it was interrupted. */
    private static boolean alreadyUpdated(StepContext context, StatusViews.Incident incident) {
        return context.attempt() > 1 && incident.updates() != null && incident.updates().stream()
                .anyMatch(u -> status(context).equals(u.status()) && since(context, u.createdAt()));
    }

    private static boolean since(StepContext context, OffsetDateTime at) {
        // A second of slack for clocks of two machines that disagree slightly.
        return at != null && !at.isBefore(context.startedAt().minusSeconds(1));
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        UUID id = UUID.fromString((String) done.after().get("incidentId"));
        Optional<StatusViews.Incident> incident = status.incident(id);
        if (incident.isEmpty()) {
            return Check.failed("status incident " + id + " is not on status-service");
        }
        boolean posted = incident.get().updates() == null
                || incident.get().updates().stream().anyMatch(u -> status(context).equals(u.status()));
        return posted ? Check.ok("status incident " + id + " has a " + status(context) + " update")
                : Check.failed("status incident " + id + " has no " + status(context) + " update");
    }

    private static StatusUpdateParams params(StepContext context) {
        return context.params(StatusUpdateParams.class);
    }

    private static String status(StepContext context) {
        return params(context).status();
    }

    /** The public incident's name: the target and the release being rolled back. */
    static String name(StepContext context) {
        StepContext.ExecutionInfo execution = context.execution();
        if (execution == null) {
            return "Rollback in progress";
        }
        // The execution's release is the rollback's direction: from the bad version to the good one.
        String name = execution.target() + ": rolling back"
                + (execution.releaseFrom() != null ? " " + execution.releaseFrom() : "")
                + (execution.releaseTo() != null ? " to " + execution.releaseTo() : "");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String text(StepContext context) {
        String template = params(context).template();
        return template == null ? "'" + params(context).message() + "'" : "template " + template;
    }

    private StatusViews.NewIncident newIncident(StepContext context, String name) {
        String template = params(context).template();
        if (template == null) {
            return new StatusViews.NewIncident(name, status(context), params(context).message(), null, null,
                    params(context).impact(), components(context));
        }
        StatusViews.Template found = template(template);
        return new StatusViews.NewIncident(name, status(context), null, found.id(), variables(context, found),
                params(context).impact(), components(context));
    }

    private StatusViews.NewUpdate newUpdate(StepContext context) {
        String template = params(context).template();
        if (template == null) {
            return new StatusViews.NewUpdate(status(context), params(context).message(), null, null, params(context).impact(),
                    components(context));
        }
        StatusViews.Template found = template(template);
        return new StatusViews.NewUpdate(status(context), null, found.id(), variables(context, found),
                params(context).impact(), components(context));
    }

    /**
     * The {@code components} parameter (component name to status) as status-service's ids; null when the step names
     * none, so the incident's components stay as they are. A name the status page does not have fails the step.
     */
    private List<StatusViews.ComponentChange> components(StepContext context) {
        Map<String, String> wanted = params(context).components();
        if (wanted == null || wanted.isEmpty()) {
            return null;
        }
        List<StatusViews.Component> known = status.components();
        List<StatusViews.ComponentChange> changes = new java.util.ArrayList<>();
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            StatusViews.Component component = known.stream().filter(c -> entry.getKey().equals(c.name())).findFirst()
                    .orElseThrow(() -> new StepFailure("status-service has no component named '" + entry.getKey() + "' (it has: "
                            + String.join(", ", known.stream().map(StatusViews.Component::name).toList()) + ")"));
            changes.add(new StatusViews.ComponentChange(component.id(), entry.getValue()));
        }
        return changes;
    }

    private StatusViews.Template template(String name) {
        return status.template(name).orElseThrow(() -> new StepFailure("status-service has no template named '" + name + "'"));
    }

    /**
     * The values the execution knows, for the placeholders the template has; status-service names any placeholder left
     * without a value, and the step fails with that.
     */
    private static Map<String, String> variables(StepContext context, StatusViews.Template template) {
        Map<String, String> known = new LinkedHashMap<>();
        StepContext.ExecutionInfo execution = context.execution();
        if (execution != null) {
            known.put("service", execution.target());
            known.put("target", execution.target());
            known.put("from", execution.releaseFrom());
            known.put("to", execution.releaseTo());
            known.put("incident", execution.incidentId());
            known.put("execution", execution.id().toString());
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String placeholder : template.placeholders() == null ? List.<String> of() : template.placeholders()) {
            String value = known.get(placeholder);
            if (value != null) {
                variables.put(placeholder, value);
            }
        }
        return variables;
    }
}
