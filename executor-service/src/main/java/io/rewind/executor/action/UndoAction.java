package io.rewind.executor.action;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.UndoParams;
import io.rewind.executor.repository.QuarantineRepository;

/**
 * {@code kubernetes.undo}: {@code kubectl rollout undo}, with kubectl's semantics rather than fabric8's
 * {@code rolling().undo()}, in the cluster of the step's {@code kubernetes} target and a namespace it allows
 * ({@link io.rewind.executor.params.UndoParams}). The revision to go back to is chosen from {@link Revisions} ("previous" is the highest revision below the
 * current one that is not quarantined); a paused Deployment is refused; when the Deployment's template already matches
 * the target's (ignoring {@code pod-template-hash}) nothing is patched and the output says so. Otherwise the Deployment gets, in one JSON patch,
 * the target's template without the hash label, and annotations as kubectl computes them: the Deployment's own values of
 * the bookkeeping annotations kubectl skips, plus every other annotation of the target ReplicaSet.
 *
 * <p>The revision is decided once, in the snapshot, and stored with the template it stands for; a resumed step compares
 * the Deployment with that template and does not patch again when it already matches.
 */
@ApplicationScoped
public class UndoAction implements StepAction {

    /** The annotations kubectl keeps from the Deployment rather than copying from the ReplicaSet. */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
            Masks.LAST_APPLIED,
            Revisions.REVISION,
            Revisions.REVISION_HISTORY,
            "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas",
            "deprecated.deployment.rollback.to");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final KubernetesObjects kubernetes;
    private final QuarantineRepository quarantine;

    public UndoAction(KubernetesObjects kubernetes, QuarantineRepository quarantine) {
        this.kubernetes = kubernetes;
        this.quarantine = quarantine;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    @Override
    public StepKind kind() {
        return StepKind.KUBERNETES_UNDO;
    }

    /** The Deployment the step rolls back, in the namespace its target allows. */
    private KubernetesObjects.Namespace namespace(StepContext context) {
        return kubernetes.in(context, context.namespace(context.params(UndoParams.class).namespace()));
    }

    private static String deploymentName(StepContext context) {
        return context.params(UndoParams.class).deployment();
    }

    private static String name(KubernetesObjects.Namespace ns, StepContext context) {
        return ns.path(deploymentName(context));
    }

    private Deployment readUnpaused(KubernetesObjects.Namespace ns, StepContext context) {
        Deployment deployment = ns.requireDeployment(deploymentName(context));
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            throw new StepFailure("Deployment " + name(ns, context)
                    + " is paused; resume it (kubectl rollout resume) before rolling it back");
        }
        return deployment;
    }

    private Set<Long> quarantined(KubernetesObjects.Namespace ns, StepContext context) {
        return quarantine.list(ns.name(), deploymentName(context)).await().atMost(DATABASE_WAIT)
                .stream().map(QuarantineRepository.Quarantine::revision).collect(Collectors.toSet());
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        KubernetesObjects.Namespace ns = namespace(context);
        Deployment deployment = readUnpaused(ns, context);
        List<Revisions.Entry> history = Revisions.of(deployment, ns.replicaSets(deploymentName(context)));
        Revisions.Entry goal = Revisions.target(deployment, history, context.params(UndoParams.class).toRevision(),
                quarantined(ns, context));
        JsonNode from = Templates.normalized(deployment.getSpec().getTemplate());
        JsonNode to = Templates.normalized(goal.replicaSet().getSpec().getTemplate());

        Map<String, Object> before = new LinkedHashMap<>();
        before.put("fromRevision", Revisions.current(deployment, history));
        before.put("toRevision", goal.revision());
        before.put("replicaSet", goal.replicaSet().getMetadata().getName());
        before.put("alreadyMatches", from.equals(to));
        before.put("template", Templates.toMap(from));
        before.put("annotations", new TreeMap<>(orEmpty(deployment.getMetadata().getAnnotations())));
        before.put("targetTemplate", Templates.toMap(to));
        before.put("targetAnnotations", annotationsFor(deployment, goal.replicaSet()));
        return before;
    }

    /** kubectl's annotations for the rolled-back Deployment. */
    private static Map<String, String> annotationsFor(Deployment deployment, ReplicaSet target) {
        Map<String, String> annotations = new TreeMap<>();
        Map<String, String> own = orEmpty(deployment.getMetadata().getAnnotations());
        for (String key : ANNOTATIONS_TO_SKIP) {
            if (own.containsKey(key)) {
                annotations.put(key, own.get(key));
            }
        }
        orEmpty(target.getMetadata().getAnnotations()).forEach((key, value) -> {
            if (!ANNOTATIONS_TO_SKIP.contains(key)) {
                annotations.put(key, value);
            }
        });
        return annotations;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    @Override
    public Preview dryRun(StepContext context) {
        Map<String, Object> plan = snapshot(context);
        String name = name(namespace(context), context);
        if (Boolean.TRUE.equals(plan.get("alreadyMatches"))) {
            return new Preview(Map.of("revision", plan.get("fromRevision")), Map.of("revision", plan.get("fromRevision")),
                    "Deployment " + name + " would be skipped: its template already matches revision " + plan.get("toRevision"));
        }
        // The description is shown as it is: diff the masked templates, whose fingerprints still tell a change apart.
        List<String> diff = Templates.diff(JSON.valueToTree(Masks.envValues(plan.get("template"))),
                JSON.valueToTree(Masks.envValues(plan.get("targetTemplate"))));
        return new Preview(
                Map.of("revision", plan.get("fromRevision"), "template", plan.get("template")),
                Map.of("revision", plan.get("toRevision"), "template", plan.get("targetTemplate"),
                        "replicaSet", plan.get("replicaSet")),
                "would roll Deployment " + name + " back from revision " + plan.get("fromRevision") + " to revision "
                        + plan.get("toRevision") + " (ReplicaSet " + plan.get("replicaSet") + "); template changes:\n  "
                        + String.join("\n  ", diff));
    }

    @Override
    public Outcome apply(StepContext context) {
        KubernetesObjects.Namespace ns = namespace(context);
        Deployment deployment = readUnpaused(ns, context);
        Object targetTemplate = context.recorded("targetTemplate");
        Object toRevision = context.recorded("toRevision");
        if (Templates.same(deployment.getSpec().getTemplate(), targetTemplate)) {
            String why = Boolean.TRUE.equals(context.recorded("alreadyMatches"))
                    ? "skipped: the template of Deployment " + name(ns, context) + " already matches revision " + toRevision
                    : "Deployment " + name(ns, context) + " already has the template of revision " + toRevision;
            return new Outcome.Done(Map.of("revision", toRevision, "skipped", true), why);
        }
        patch(ns, context, targetTemplate, context.recorded("targetAnnotations"));
        return new Outcome.Done(Map.of("revision", toRevision, "skipped", false), "rolled Deployment " + name(ns, context)
                + " back from revision " + context.recorded("fromRevision") + " to revision " + toRevision);
    }

    /** kubectl's patch: replace the template, set the annotations. */
    private void patch(KubernetesObjects.Namespace ns, StepContext context, Object template, Object annotations) {
        List<Map<String, Object>> operations = List.of(
                Map.of("op", "replace", "path", "/spec/template", "value", template),
                // "add" replaces an existing member and also works on a Deployment that has no annotations at all.
                Map.of("op", "add", "path", "/metadata/annotations", "value", annotations));
        try {
            ns.deployment(deploymentName(context)).patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(operations));
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Deployment", ns.name(), deploymentName(context));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write the rollback patch", e);
        }
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        KubernetesObjects.Namespace ns = namespace(context);
        Deployment deployment = ns.requireDeployment(deploymentName(context));
        return Templates.same(deployment.getSpec().getTemplate(), context.recorded("targetTemplate"))
                ? Check.ok("Deployment " + name(ns, context) + " has the template of revision " + context.recorded("toRevision"))
                : Check.failed("the template of Deployment " + name(ns, context) + " is not revision "
                        + context.recorded("toRevision") + "'s: something else changed it");
    }

    /**
     * The templates hold the containers' literal environment values, and kubectl's last-applied annotation a copy of
     * them: both are shown masked. The stored state keeps them, for compensation to put back.
     */
    @Override
    public Map<String, Object> shown(Map<String, Object> state) {
        Map<String, Object> shown = new LinkedHashMap<>(state);
        for (String key : List.of("template", "targetTemplate")) {
            if (shown.get(key) != null) {
                shown.put(key, Masks.envValues(shown.get(key)));
            }
        }
        for (String key : List.of("annotations", "targetAnnotations")) {
            shown.computeIfPresent(key, (k, annotations) -> Masks.annotations(annotations));
        }
        return shown;
    }

    /** Puts back the template and annotations the Deployment had before the undo. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        Object template = context.recorded("template");
        if (template == null) {
            return Optional.empty();
        }
        KubernetesObjects.Namespace ns = namespace(context);
        Deployment deployment = readUnpaused(ns, context);
        if (!Templates.same(deployment.getSpec().getTemplate(), template)) {
            patch(ns, context, template, context.recorded("annotations"));
        }
        return Optional.of(new Outcome.Done(Map.of("revision", context.recorded("fromRevision")),
                "put Deployment " + name(ns, context) + " back to revision " + context.recorded("fromRevision")
                        + "'s template"));
    }
}
