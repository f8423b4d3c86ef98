package io.rewind.executor.action;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import io.rewind.executor.StepKind;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.RolloutStatusParams;

/**
 * {@code verify.rolloutStatus}: waits for a Deployment's rollout like {@code kubectl rollout status}: the controller has
 * observed the latest generation, every desired replica is updated, no old replica is left, every updated replica is
 * available; a Progressing condition with reason {@code ProgressDeadlineExceeded} fails at once. Looked at again every
 * {@code rewind.executor.kubernetes.poll-interval} until the step's timeout. It reads the cluster of the step's
 * {@code kubernetes} target, in a namespace that target allows.
 */
@ApplicationScoped
public class RolloutStatusAction implements StepAction {

    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private final KubernetesObjects kubernetes;
    private final ExecutorConfig config;

    public RolloutStatusAction(KubernetesObjects kubernetes, ExecutorConfig config) {
        this.kubernetes = kubernetes;
        this.config = config;
    }

    @Override
    public StepKind kind() {
        return StepKind.VERIFY_ROLLOUT_STATUS;
    }

    /** kubectl's verdict on a rollout: done, waiting (with what for), or failed. */
    record Verdict(boolean done, boolean failed, String message) {
    }

    static Verdict evaluate(Deployment deployment) {
        String name = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (generation > observed) {
            return new Verdict(false, false, "waiting for the Deployment controller to observe generation " + generation
                    + " of " + name + " (observed " + observed + ")");
        }
        if (status.getConditions() != null) {
            for (DeploymentCondition condition : status.getConditions()) {
                if ("Progressing".equals(condition.getType()) && PROGRESS_DEADLINE_EXCEEDED.equals(condition.getReason())) {
                    return new Verdict(false, true, "Deployment " + name + " exceeded its progress deadline"
                            + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
                }
            }
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = orZero(status.getUpdatedReplicas());
        int replicas = orZero(status.getReplicas());
        int available = orZero(status.getAvailableReplicas());
        if (updated < desired) {
            return new Verdict(false, false, "waiting for " + name + ": " + updated + " out of " + desired
                    + " new replicas have been updated");
        }
        if (replicas > updated) {
            return new Verdict(false, false, "waiting for " + name + ": " + (replicas - updated)
                    + " old replicas are pending termination");
        }
        if (available < updated) {
            return new Verdict(false, false, "waiting for " + name + ": " + available + " of " + updated
                    + " updated replicas are available");
        }
        return new Verdict(true, false, "Deployment " + name + " successfully rolled out (" + available + " replicas available)");
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private Deployment read(StepContext context) {
        RolloutStatusParams params = context.params(RolloutStatusParams.class);
        return kubernetes.in(context, context.namespace(params.namespace())).requireDeployment(params.deployment());
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Deployment deployment = read(context);
        return Map.of("generation", deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration());
    }

    @Override
    public Preview dryRun(StepContext context) {
        Verdict verdict = evaluate(read(context));
        return new Preview(Map.of(), Map.of(), "would wait for the rollout to complete; now: " + verdict.message());
    }

    @Override
    public Outcome apply(StepContext context) {
        Verdict verdict = evaluate(read(context));
        if (verdict.failed()) {
            return new Outcome.Failed(verdict.message());
        }
        if (verdict.done()) {
            return new Outcome.Done(Map.of(), verdict.message());
        }
        return new Outcome.Waiting(verdict.message(), config.kubernetes().pollInterval());
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        return Check.ok("checked by the rollout status itself");
    }
}
