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
import io.rewind.executor.repository.QuarantineRepository;

/**
 * {@code kubernetes.undo}: {@code kubectl rollout undo}, with kubectl's semantics rather than fabric8's
 * {@code rolling().undo()}. The target is chosen from {@link Revisions} ("previous" is the highest revision below the
 * current one that is not quarantined); a paused Deployment is refused; when the Deployment's template already matches
 * the target's (ignoring {@code pod-template-hash}) nothing is patched and the output says so. Otherwise the Deployment gets, in one JSON patch,
 * the target's template without the hash label, and annotations as kubectl computes them: the Deployment's own values of
 * the bookkeeping annotations kubectl skips, plus every other annotation of the target ReplicaSet.
 *
 * <p>The target is decided once, in the snapshot, and stored with the template it stands for; a resumed step compares
 * the Deployment with that template and does not patch again when it already matches.
 */
@ApplicationScoped
public class UndoAction implements StepAction {

    /** The annotations kubectl keeps from the Deployment rather than copying from the ReplicaSet. */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
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

    private static String name(StepContext context) {
        return context.string("namespace") + "/" + context.string("deployment");
    }

    private Deployment readUnpaused(StepContext context) {
        Deployment deployment = kubernetes.requireDeployment(context.string("namespace"), context.string("deployment"));
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            throw new StepFailure("Deployment " + name(context)
                    + " is paused; resume it (kubectl rollout resume) before rolling it back");
        }
        return deployment;
    }

    private Set<Long> quarantined(StepContext context) {
        return quarantine.list(context.string("namespace"), context.string("deployment")).await().atMost(DATABASE_WAIT)
                .stream().map(QuarantineRepository.Quarantine::revision).collect(Collectors.toSet());
    }

    private List<ReplicaSet> replicaSets(StepContext context) {
        try {
            return kubernetes.client().apps().replicaSets().inNamespace(context.string("namespace")).list().getItems();
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "ReplicaSets of", context.string("namespace"), context.string("deployment"));
        }
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Deployment deployment = readUnpaused(context);
        List<Revisions.Entry> history = Revisions.of(deployment, replicaSets(context));
        Integer wanted = context.integer("toRevision");
        Revisions.Entry target = Revisions.target(deployment, history, wanted == null ? null : wanted.longValue(),
                quarantined(context));
        JsonNode from = Templates.normalized(deployment.getSpec().getTemplate());
        JsonNode to = Templates.normalized(target.replicaSet().getSpec().getTemplate());

        Map<String, Object> before = new LinkedHashMap<>();
        before.put("fromRevision", Revisions.current(deployment, history));
        before.put("toRevision", target.revision());
        before.put("replicaSet", target.replicaSet().getMetadata().getName());
        before.put("alreadyMatches", from.equals(to));
        before.put("template", Templates.toMap(from));
        before.put("annotations", new TreeMap<>(orEmpty(deployment.getMetadata().getAnnotations())));
        before.put("targetTemplate", Templates.toMap(to));
        before.put("targetAnnotations", annotationsFor(deployment, target.replicaSet()));
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
        String name = name(context);
        if (Boolean.TRUE.equals(plan.get("alreadyMatches"))) {
            return new Preview(Map.of("revision", plan.get("fromRevision")), Map.of("revision", plan.get("fromRevision")),
                    "Deployment " + name + " would be skipped: its template already matches revision " + plan.get("toRevision"));
        }
        List<String> diff = Templates.diff(JSON.valueToTree(plan.get("template")), JSON.valueToTree(plan.get("targetTemplate")));
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
        Deployment deployment = readUnpaused(context);
        Object targetTemplate = context.recorded("targetTemplate");
        Object toRevision = context.recorded("toRevision");
        if (Templates.same(deployment.getSpec().getTemplate(), targetTemplate)) {
            String why = Boolean.TRUE.equals(context.recorded("alreadyMatches"))
                    ? "skipped: the template of Deployment " + name(context) + " already matches revision " + toRevision
                    : "Deployment " + name(context) + " already has the template of revision " + toRevision;
            return new Outcome.Done(Map.of("revision", toRevision, "skipped", true), why);
        }
        patch(context, targetTemplate, context.recorded("targetAnnotations"));
        return new Outcome.Done(Map.of("revision", toRevision, "skipped", false), "rolled Deployment " + name(context)
                + " back from revision " + context.recorded("fromRevision") + " to revision " + toRevision);
    }

    /** kubectl's patch: replace the template, set the annotations. */
    private void patch(StepContext context, Object template, Object annotations) {
        List<Map<String, Object>> operations = List.of(
                Map.of("op", "replace", "path", "/spec/template", "value", template),
                // "add" replaces an existing member and also works on a Deployment that has no annotations at all.
                Map.of("op", "add", "path", "/metadata/annotations", "value", annotations));
        try {
            kubernetes.deployment(context.string("namespace"), context.string("deployment"))
                    .patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(operations));
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Deployment", context.string("namespace"), context.string("deployment"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write the rollback patch", e);
        }
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Deployment deployment = kubernetes.requireDeployment(context.string("namespace"), context.string("deployment"));
        return Templates.same(deployment.getSpec().getTemplate(), context.recorded("targetTemplate"))
                ? Check.ok("Deployment " + name(context) + " has the template of revision " + context.recorded("toRevision"))
                : Check.failed("the template of Deployment " + name(context) + " is not revision "
                        + context.recorded("toRevision") + "'s: something else changed it");
    }

    /** Puts back the template and annotations the Deployment had before the undo. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        Object template = context.recorded("template");
        if (template == null) {
            return Optional.empty();
        }
        Deployment deployment = readUnpaused(context);
        if (!Templates.same(deployment.getSpec().getTemplate(), template)) {
            patch(context, template, context.recorded("annotations"));
        }
        return Optional.of(new Outcome.Done(Map.of("revision", context.recorded("fromRevision")),
                "put Deployment " + name(context) + " back to revision " + context.recorded("fromRevision") + "'s template"));
    }
}
