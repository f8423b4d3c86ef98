package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.SetEnvParams;

/**
 * {@code kubernetes.setEnv}: the environment-variable flag of seed 002 ({@code kubectl set env deployment/app
 * NEW_CHECKOUT_ENABLED=false}). Sets one variable of one container of a Deployment, which rolls its pods.
 *
 * <p>It acts in the cluster of the step's {@code kubernetes} target and a namespace it allows ({@link SetEnvParams}).
 * A literal value may be a secret, so it is stored (compensation needs the old one) but shown masked, in states and in
 * messages alike ({@link #shown}).
 *
 * <p>The before-state is the variable exactly as it was: absent, a plain {@code value}, or a {@code valueFrom} reference
 * (a Secret or ConfigMap key, a field). Compensation puts that back, removing the variable when it was absent. A
 * variable that already has the wanted plain value is left alone, so a resumed step does not patch twice (and does not
 * roll the pods again).
 */
@ApplicationScoped
public class SetEnvAction implements StepAction {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final KubernetesObjects kubernetes;
    private final ObjectMapper json;

    public SetEnvAction(KubernetesObjects kubernetes, ObjectMapper json) {
        this.kubernetes = kubernetes;
        this.json = json;
    }

    @Override
    public StepKind kind() {
        return StepKind.KUBERNETES_SET_ENV;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    private static SetEnvParams params(StepContext context) {
        return context.params(SetEnvParams.class);
    }

    /** The Deployment's namespace, one its target allows. */
    private KubernetesObjects.Namespace namespace(StepContext context) {
        return kubernetes.in(context, context.namespace(params(context).namespace()));
    }

    /** What the variable is now in the chosen container. */
    private record Found(String container, EnvVar variable) {
    }

    /**
     * The container the step changes: the one named, or the only one. A Deployment with several containers needs
     * {@code container}; guessing would change the wrong program's setting.
     */
    static Container container(Deployment deployment, String wanted, String deploymentName) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        List<String> names = containers.stream().map(Container::getName).toList();
        if (wanted == null) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            throw new StepFailure("Deployment " + deploymentName + " has " + containers.size() + " containers ("
                    + String.join(", ", names) + "): name the one to change with the parameter 'container'");
        }
        return containers.stream().filter(c -> wanted.equals(c.getName())).findFirst()
                .orElseThrow(() -> new StepFailure("Deployment " + deploymentName + " has no container '" + wanted
                        + "' (its containers: " + String.join(", ", names) + ")"));
    }

    private static Found find(KubernetesObjects.Namespace ns, SetEnvParams params) {
        Deployment deployment = ns.requireDeployment(params.deployment());
        Container container = container(deployment, params.container(), ns.path(params.deployment()));
        return new Found(container.getName(), variable(container, params.name()));
    }

    /** The variable's last definition in the container, the one Kubernetes uses; null when it has none. */
    private static EnvVar variable(Container container, String name) {
        return container.getEnv() == null ? null : container.getEnv().stream().filter(e -> name.equals(e.getName()))
                .reduce((first, last) -> last).orElse(null);
    }

    private Map<String, Object> state(Found found) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("container", found.container());
        state.put("present", found.variable() != null);
        if (found.variable() != null) {
            state.put("variable", json.convertValue(found.variable(), MAP));
        }
        return state;
    }

    /** A literal value as messages show it: masked, since a variable may hold a password. */
    /**
     * A value as stored messages show it: never the value, and no mark either, since a message outlives the process
     * whose key made the marks of states ({@link Masks}); the states, read back, tell before from after.
     */
    private static String shownValue(String value) {
        return value.isEmpty() ? "an empty value" : "a masked value";
    }

    /** The variable as messages show it: unset, a reference (which is no secret), or its masked value. */
    private static String describe(EnvVar variable) {
        if (variable == null) {
            return "unset";
        }
        if (variable.getValueFrom() != null) {
            return "taken from " + describeSource(variable);
        }
        return shownValue(Objects.toString(variable.getValue(), ""));
    }

    private static String describeSource(EnvVar variable) {
        var from = variable.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            return "Secret " + from.getSecretKeyRef().getName() + " key " + from.getSecretKeyRef().getKey();
        }
        if (from.getConfigMapKeyRef() != null) {
            return "ConfigMap " + from.getConfigMapKeyRef().getName() + " key " + from.getConfigMapKeyRef().getKey();
        }
        if (from.getFieldRef() != null) {
            return "field " + from.getFieldRef().getFieldPath();
        }
        if (from.getResourceFieldRef() != null) {
            return "resource " + from.getResourceFieldRef().getResource();
        }
        return "a reference";
    }

    private static boolean hasValue(EnvVar variable, String value) {
        return variable != null && variable.getValueFrom() == null && value.equals(Objects.toString(variable.getValue(), ""));
    }

    private static String where(String container, KubernetesObjects.Namespace ns, SetEnvParams params) {
        return " in container " + container + " of Deployment " + ns.path(params.deployment());
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return state(find(namespace(context), params(context)));
    }

    @Override
    public Preview dryRun(StepContext context) {
        SetEnvParams params = params(context);
        KubernetesObjects.Namespace ns = namespace(context);
        Found found = find(ns, params);
        Map<String, Object> wouldBe = Map.of("container", found.container(), "present", true,
                "variable", Map.of("name", params.name(), "value", params.value()));
        String where = where(found.container(), ns, params);
        String value = shownValue(params.value());
        return new Preview(state(found), wouldBe, hasValue(found.variable(), params.value())
                ? params.name() + " is already " + value + where + ": nothing to change"
                : "would set " + params.name() + " to " + value + where + " (now " + describe(found.variable())
                        + "), which rolls its pods");
    }

    @Override
    public Outcome apply(StepContext context) {
        SetEnvParams params = params(context);
        KubernetesObjects.Namespace ns = namespace(context);
        Found found = find(ns, params);
        String where = where(found.container(), ns, params);
        Map<String, Object> after = Map.of("container", found.container(), "name", params.name(), "value", params.value());
        if (hasValue(found.variable(), params.value())) {
            return new Outcome.Done(after, params.name() + " is " + shownValue(params.value()) + where);
        }
        edit(ns, params.deployment(), found.container(), params.name(), new EnvVar(params.name(), params.value(), null));
        return new Outcome.Done(after, "set " + params.name() + " to " + shownValue(params.value()) + where + " (was "
                + describe(found.variable()) + ")");
    }

    /** Replaces the variable in place (or appends it), or removes it when {@code replacement} is null. */
    private static void edit(KubernetesObjects.Namespace ns, String deployment, String container, String variable,
            EnvVar replacement) {
        try {
            ns.deployment(deployment).edit(d -> {
                Container target = d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(c -> container.equals(c.getName())).findFirst()
                        .orElseThrow(() -> new StepFailure("container " + container + " of Deployment "
                                + ns.path(deployment) + " disappeared"));
                List<EnvVar> env = new ArrayList<>(target.getEnv() == null ? List.of() : target.getEnv());
                boolean replaced = false;
                for (int i = 0; i < env.size(); i++) {
                    if (variable.equals(env.get(i).getName())) {
                        if (replacement == null || replaced) {
                            env.remove(i--);
                        } else {
                            env.set(i, replacement);
                            replaced = true;
                        }
                    }
                }
                if (replacement != null && !replaced) {
                    env.add(replacement);
                }
                target.setEnv(env);
                return d;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Deployment", ns.name(), deployment);
        }
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        SetEnvParams params = params(context);
        Found found = find(namespace(context), params);
        String value = shownValue(params.value());
        return hasValue(found.variable(), params.value())
                ? Check.ok(params.name() + " is " + value + " in container " + found.container())
                : Check.failed(params.name() + " is " + describe(found.variable()) + " in container "
                        + found.container() + ", not " + value + ": something else changed it");
    }

    /**
     * Literal values masked wherever they are shown: the variable of the before-state and a dry run's would-be state,
     * the value of the after-state (and of the step's parameters, which have the same {@code value} key). A
     * {@code valueFrom} reference names a Secret or ConfigMap key, not its content, and is shown as it is.
     */
    @Override
    public Map<String, Object> shown(Map<String, Object> state) {
        Map<String, Object> shown = new LinkedHashMap<>(state);
        shown.computeIfPresent("value", (key, value) -> Masks.literal(value));
        if (shown.get("variable") instanceof Map<?, ?> variable && variable.containsKey("value")) {
            Map<String, Object> masked = new LinkedHashMap<>();
            variable.forEach((key, value) -> masked.put(String.valueOf(key), "value".equals(key) ? Masks.literal(value) : value));
            shown.put("variable", masked);
        }
        return shown;
    }

    /** Puts the variable back as recorded: the same value or reference, or no variable at all if there was none. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("container") instanceof String container)
                || !(context.recorded("present") instanceof Boolean present)) {
            return Optional.empty();
        }
        SetEnvParams params = params(context);
        String variable = params.name();
        EnvVar previous = present && context.recorded("variable") instanceof Map<?, ?> recorded
                ? json.convertValue(recorded, EnvVar.class) : null;
        if (present && previous == null) {
            return Optional.empty();
        }
        KubernetesObjects.Namespace ns = namespace(context);
        Container now = container(ns.requireDeployment(params.deployment()), container, ns.path(params.deployment()));
        EnvVar current = variable(now, variable);
        String where = where(container, ns, params);
        if (Objects.equals(current, previous)) {
            return Optional.of(new Outcome.Done(Map.of(), variable + " is already " + describe(previous) + where));
        }
        edit(ns, params.deployment(), container, variable, previous);
        return Optional.of(new Outcome.Done(Map.of(), previous == null ? "removed " + variable + where + " (it was unset)"
                : "set " + variable + " back to " + describe(previous) + where));
    }
}
