package io.rewind.executor.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.rewind.common.problem.Problem;
import io.rewind.executor.Step;
import io.rewind.executor.StepKind;
import io.rewind.executor.params.AlbSwitchParams;
import io.rewind.executor.params.DockerRedeployParams;
import io.rewind.executor.params.HostRollbackParams;
import io.rewind.executor.params.MetricParams;
import io.rewind.executor.params.MigrationRollbackParams;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.params.StepParams;
import io.rewind.executor.params.WaitParams;
import io.rewind.executor.target.AlbTarget;
import io.rewind.executor.target.CommandsTarget;
import io.rewind.executor.target.DockerTarget;
import io.rewind.executor.target.HostTarget;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;

/**
 * Checks the steps of a plan before it is stored or run: the rules that hold across kinds (names, timeouts, targets).
 * Each kind's parameters are read by its own record ({@link StepKind#read}). A pure function: it returns every problem
 * found, each naming its field as a JSON path into the request ({@code steps[2].params.replicas}), and an empty list
 * for valid steps.
 *
 * <p>Targets are looked up through {@code targets} (null for an unknown name): a step must name one of a kind it acts
 * on, and a Kubernetes step's namespace must be one its target allows. That the Deployment exists or the database is
 * registered is checked when the plan runs, because either may change between storing a plan and needing it.
 */
public final class StepValidator {

    public static final int MAX_STEPS = 100;
    public static final int MAX_NAME_LENGTH = 100;
    /** The longest a single step may run; a plan that needs longer should be split at an approval. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    private StepValidator() {
    }

    /** Every problem of {@code steps}, in the order of the steps; empty when they can be stored. */
    public static List<Problem.FieldError> validate(List<Step> steps, Function<String, ResolvedTarget> targets) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String at = "steps[" + i + "]";
            Step step = steps.get(i);
            if (step == null) {
                errors.add(new Problem.FieldError(at, "is required"));
                continue;
            }
            checkName(step.name(), i, names, at + ".name", errors);
            checkTimeout(step.timeout(), at + ".timeout", errors);
            if (step.kind() == null) {
                errors.add(new Problem.FieldError(at + ".kind", "is required"));
                continue;
            }
            ParamReader reader = new ParamReader(at + ".params", step.kind().id(), step.params(), errors);
            StepParams params = step.kind().read(reader);
            ResolvedTarget target = checkTarget(step, targets, at + ".target", errors);
            if (target != null && params instanceof StepParams.Namespaced namespaced
                    && target.spec() instanceof KubernetesTarget cluster) {
                String problem = cluster.namespace(namespaced.namespace()).problem();
                if (problem != null) {
                    errors.add(new Problem.FieldError(at + ".params.namespace", problem + " (target '" + target.name() + "')"));
                }
            }
            if (target != null && params instanceof MetricParams metric && metric.problemFor(target.kind()) != null) {
                errors.add(new Problem.FieldError(at + ".params", metric.problemFor(target.kind()) + " (target '"
                        + target.name() + "' is a " + target.kind() + " target)"));
            }
            if (target != null && params instanceof HostRollbackParams host && target.spec() instanceof HostTarget spec
                    && host.problemFor(spec) != null) {
                errors.add(new Problem.FieldError(at + ".params.tag", host.problemFor(spec) + " (target '" + target.name() + "')"));
            }
            if (target != null && params instanceof AlbSwitchParams alb && target.spec() instanceof AlbTarget spec
                    && alb.problemFor(spec) != null) {
                AlbSwitchParams.Problem problem = alb.problemFor(spec);
                errors.add(new Problem.FieldError(at + ".params." + problem.field(), problem.message() + " (target '"
                        + target.name() + "')"));
            }
            if (target != null && params instanceof MigrationRollbackParams rollback
                    && target.spec() instanceof CommandsTarget commands) {
                rollback.problemsFor(commands).forEach((field, problem) -> errors.add(new Problem.FieldError(
                        at + ".params." + field, problem + " (target '" + target.name() + "')")));
            }
            if (target != null && params instanceof DockerRedeployParams docker && target.spec() instanceof DockerTarget spec) {
                docker.problemsFor(spec).forEach((field, problem) -> errors.add(new Problem.FieldError(
                        at + ".params." + field, problem + " (target '" + target.name() + "')")));
            }
            if (params instanceof WaitParams wait && wait.duration() != null && step.timeout() != null
                    && step.timeout().compareTo(wait.duration()) <= 0) {
                errors.add(new Problem.FieldError(at + ".timeout", "must be longer than params.duration (" + wait.duration() + ")"));
            }
        }
        return errors;
    }

    /** The step's target when it names a usable one; null otherwise, with the reason in {@code errors}. */
    private static ResolvedTarget checkTarget(Step step, Function<String, ResolvedTarget> targets, String field,
            List<Problem.FieldError> errors) {
        StepKind kind = step.kind();
        String wanted = String.join(" or ", kind.targets().stream().map(Object::toString).sorted().toList());
        if (kind.targets().isEmpty()) {
            if (step.target() != null) {
                errors.add(new Problem.FieldError(field, kind + " steps take no target: they act only inside Rewind"));
            }
            return null;
        }
        if (step.target() == null) {
            errors.add(new Problem.FieldError(field, "is required: " + kind + " steps act on a " + wanted
                    + " target that an admin configured (GET /api/targets lists them)"));
            return null;
        }
        if (!Names.DNS_LABEL.matcher(step.target()).matches()) {
            errors.add(new Problem.FieldError(field, "must be a target name (a DNS label)" + ParamReader.echo(step.target())));
            return null;
        }
        ResolvedTarget target = targets.apply(step.target());
        if (target == null) {
            errors.add(new Problem.FieldError(field, "names no target: an admin defines targets (PUT /api/targets/"
                    + step.target() + ")" + ParamReader.echo(step.target())));
            return null;
        }
        if (!kind.targets().contains(target.kind())) {
            errors.add(new Problem.FieldError(field, "names a " + target.kind() + " target; " + kind + " steps act on a "
                    + wanted + " target" + ParamReader.echo(step.target())));
            return null;
        }
        if (target.refusal() != null) {
            errors.add(new Problem.FieldError(field, target.refusal()));
            return null;
        }
        return target;
    }

    private static void checkName(String name, int index, Map<String, Integer> names, String field,
            List<Problem.FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new Problem.FieldError(field, "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else {
            // Ignoring case: "Undo checkout" and "undo checkout" would be indistinguishable in an execution's log.
            Integer first = names.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), index);
            if (first != null) {
                errors.add(new Problem.FieldError(field, "repeats the name of steps[" + first + "]; step names must be unique within a plan"));
            }
        }
    }

    private static void checkTimeout(Duration timeout, String field, List<Problem.FieldError> errors) {
        if (timeout == null) {
            return;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            errors.add(new Problem.FieldError(field, "must be positive"));
        } else if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add(new Problem.FieldError(field, "must be at most " + MAX_TIMEOUT));
        }
    }
}
