package io.rewind.executor.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

import io.rewind.executor.TestDeployments;

/** kubectl's reading of rollout history and status, without a cluster. */
class RevisionsTest {

    private static Deployment deployment(String revision) {
        DeploymentBuilder builder = new DeploymentBuilder().withMetadata(new ObjectMetaBuilder().withNamespace("shop")
                .withName("checkout").withUid("uid-1").withGeneration(2L).build())
                .withNewSpec().withReplicas(3).withTemplate(TestDeployments.template("checkout", "v3")).endSpec();
        if (revision != null) {
            builder.editMetadata().addToAnnotations(Revisions.REVISION, revision).endMetadata();
        }
        return builder.build();
    }

    private static ReplicaSet rs(String ownerUid, boolean controller, String revision, String history) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName("checkout-" + revision)
                .addToOwnerReferences(new OwnerReferenceBuilder().withUid(ownerUid).withController(controller).build());
        if (revision != null) {
            meta.addToAnnotations(Revisions.REVISION, revision);
        }
        if (history != null) {
            meta.addToAnnotations(Revisions.REVISION_HISTORY, history);
        }
        return new ReplicaSetBuilder().withMetadata(meta.build()).build();
    }

    @Test
    void onlyReplicaSetsTheDeploymentControlsWithANumericRevisionAreHistory() {
        List<Revisions.Entry> history = Revisions.of(deployment("3"), List.of(
                rs("uid-1", true, "3", null), rs("uid-1", true, "1", null), rs("other", true, "2", null),
                rs("uid-1", false, "4", null), rs("uid-1", true, "x", null), rs("uid-1", true, null, null)));
        assertEquals(List.of(1L, 3L), history.stream().map(Revisions.Entry::revision).toList());
    }

    @Test
    void previousIsTheHighestRevisionBelowTheCurrentOne() {
        List<Revisions.Entry> history = Revisions.of(deployment("4"), List.of(
                rs("uid-1", true, "5", null), rs("uid-1", true, "2", null), rs("uid-1", true, "4", null)));
        assertEquals(2, Revisions.target(deployment("4"), history, null, Set.of()).revision(),
                "5 is not below the current revision 4");
        assertEquals(5, Revisions.current(deployment(null), history), "without an annotation, the highest revision");
    }

    @Test
    void aRequestedRevisionMatchesTheRevisionOrTheHistoryOfAReplicaSet() {
        List<Revisions.Entry> history = Revisions.of(deployment("5"), List.of(
                rs("uid-1", true, "4", "1, 3"), rs("uid-1", true, "5", null)));
        assertEquals(4, Revisions.target(deployment("5"), history, 3L, Set.of()).revision());
        StepFailure missing = assertThrows(StepFailure.class, () -> Revisions.target(deployment("5"), history, 2L, Set.of()));
        assertEquals("unable to find revision 2 in the history of Deployment shop/checkout (revisions: 4, 5)",
                missing.getMessage());
    }

    @Test
    void quarantinedRevisionsAreSkippedAsPreviousAndRefusedByNumber() {
        List<Revisions.Entry> history = Revisions.of(deployment("4"), List.of(rs("uid-1", true, "1", null),
                rs("uid-1", true, "3", "2"), rs("uid-1", true, "4", null)));
        assertEquals(1, Revisions.target(deployment("4"), history, null, Set.of(2L)).revision(),
                "revision 3 ran the template of quarantined revision 2");
        StepFailure refused = assertThrows(StepFailure.class, () -> Revisions.target(deployment("4"), history, 1L, Set.of(1L)));
        assertTrue(refused.getMessage().contains("revision 1 of Deployment shop/checkout is quarantined"));
        StepFailure none = assertThrows(StepFailure.class, () -> Revisions.target(deployment("4"), history, null, Set.of(1L, 3L)));
        assertEquals("no unquarantined revision before the current one (4) in the history of Deployment shop/checkout"
                + " (revisions: 1, 3, 4; quarantined: 1, 3)", none.getMessage());
    }

    @Test
    void templatesAreComparedWithoutTheHashLabelAndEmptyValues() {
        var deployed = TestDeployments.template("checkout", "v1");
        var copy = new PodTemplateSpecBuilder(deployed).editMetadata().addToLabels("pod-template-hash", "5d4f")
                .addToAnnotations(java.util.Map.of()).endMetadata().build();
        assertTrue(Templates.same(deployed, copy));
        assertFalse(Templates.same(deployed, TestDeployments.template("checkout", "v2")));
        assertEquals(List.of("spec.containers[0].image: v1 -> v2"), Templates.diff(Templates.normalized(deployed),
                Templates.normalized(TestDeployments.template("checkout", "v2"))));
    }

    @Test
    void aRolloutIsCompleteOnlyOnceTheControllerHasSeenTheLatestGeneration() {
        Deployment deployment = deployment("3");
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(3)
                .withUpdatedReplicas(3).withAvailableReplicas(3).build());
        RolloutStatusAction.Verdict verdict = RolloutStatusAction.evaluate(deployment);
        assertFalse(verdict.done());
        assertTrue(verdict.message().contains("observe generation 2"));
        deployment.getStatus().setObservedGeneration(2L);
        assertTrue(RolloutStatusAction.evaluate(deployment).done());
        deployment.getStatus().setReplicas(4);
        assertEquals("waiting for shop/checkout: 1 old replicas are pending termination",
                RolloutStatusAction.evaluate(deployment).message());
    }
}
