package io.rewind.executor.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.rewind.common.problem.ProblemException;
import io.rewind.executor.action.KubernetesClients;
import io.rewind.executor.action.KubernetesObjects;
import io.rewind.executor.action.Masks;
import io.rewind.executor.action.Revisions;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.repository.QuarantineRepository;
import io.rewind.executor.repository.QuarantineRepository.Quarantine;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;

/**
 * A Deployment's rollout history as {@code kubectl rollout history} shows it, with Rewind's quarantine marks, and the
 * quarantine itself. Only in a namespace that a {@code kubernetes} target allows, read through that target's cluster:
 * the executor's credentials reach no further for a reader than for a step. Quarantine marks are by namespace and
 * Deployment name, whichever target a later undo acts through.
 */
@ApplicationScoped
public class DeploymentHistoryService {

    private final KubernetesClients clients;
    private final QuarantineRepository quarantine;
    private final TargetService targets;

    public DeploymentHistoryService(KubernetesClients clients, QuarantineRepository quarantine, TargetService targets) {
        this.clients = clients;
        this.quarantine = quarantine;
        this.targets = targets;
    }

    /** The first {@code kubernetes} target (by name) that allows {@code namespace}; 403 naming the namespace if none. */
    private Uni<ResolvedTarget> targetFor(String namespace) {
        return targets.resolveAll().flatMap(all -> all.values().stream()
                .filter(t -> t.spec() instanceof KubernetesTarget k && k.namespaces().contains(namespace))
                .findFirst().map(t -> Uni.createFrom().item(t))
                .orElseGet(() -> Uni.createFrom().failure(ProblemException.forbidden("No kubernetes target allows namespace '"
                        + namespace + "': Rewind reads and marks Deployments only where an admin let it act "
                        + "(GET /api/targets lists the targets)."))));
    }

    /** One revision of the history. */
    public record Revision(long revision, List<Long> earlierRevisions, String replicaSet, String changeCause,
            List<String> images, boolean current, boolean quarantined, String quarantineReason) {
    }

    /** The history, oldest revision first. */
    public record History(String namespace, String deployment, long currentRevision, boolean paused, List<Revision> revisions) {
    }

    public Uni<History> history(String namespace, String name) {
        // The Kubernetes client blocks: read the cluster on a worker thread.
        return targetFor(namespace).flatMap(target -> quarantine.list(namespace, name)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(quarantined -> read(target, namespace, name, quarantined)));
    }

    private History read(ResolvedTarget target, String namespace, String name, List<Quarantine> quarantined) {
        Deployment deployment;
        List<ReplicaSet> replicaSets;
        try {
            KubernetesObjects.Namespace cluster;
            try {
                cluster = new KubernetesObjects.Namespace(clients.of(target), namespace);
            } catch (StepFailure e) {
                throw ProblemException.unavailable(e.getMessage());
            }
            deployment = cluster.deployment(name).get();
            if (deployment == null) {
                throw ProblemException.notFound("Deployment", namespace + "/" + name);
            }
            replicaSets = cluster.client().apps().replicaSets().inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            throw ProblemException.unavailable("The Kubernetes API did not answer"
                    + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + "; try again later.");
        }
        Map<Long, Quarantine> byRevision = quarantined.stream().collect(Collectors.toMap(Quarantine::revision, q -> q));
        Set<Long> marks = byRevision.keySet();
        List<Revisions.Entry> history = Revisions.of(deployment, replicaSets);
        long current = Revisions.current(deployment, history);
        List<Revision> revisions = history.stream().map(entry -> {
            ReplicaSet rs = entry.replicaSet();
            Map<String, String> annotations = rs.getMetadata().getAnnotations();
            Quarantine mark = byRevision.containsKey(entry.revision()) ? byRevision.get(entry.revision())
                    : entry.earlierRevisions().stream().filter(byRevision::containsKey).map(byRevision::get).findFirst()
                            .orElse(null);
            return new Revision(entry.revision(), entry.earlierRevisions(), rs.getMetadata().getName(),
                    // kubectl records the whole command, which for "set env" holds the values: shown masked.
                    annotations == null ? null : Masks.changeCause(annotations.get(Masks.CHANGE_CAUSE)),
                    rs.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList(),
                    entry.revision() == current, entry.isIn(marks), mark == null ? null : mark.reason());
        }).toList();
        return new History(namespace, name, current, Boolean.TRUE.equals(deployment.getSpec().getPaused()), revisions);
    }

    /** Quarantines a revision, whether or not it is in the history now (it may be pruned, or not created yet). */
    public Uni<QuarantineRepository.Stored> quarantine(String namespace, String name, long revision, String reason, String by) {
        return targetFor(namespace).flatMap(target -> quarantine.put(namespace, name, revision, reason, by));
    }

    public Uni<Void> release(String namespace, String name, long revision) {
        return targetFor(namespace).flatMap(target -> quarantine.delete(namespace, name, revision)).flatMap(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Quarantined revision",
                        namespace + "/" + name + "@" + revision)));
    }
}
