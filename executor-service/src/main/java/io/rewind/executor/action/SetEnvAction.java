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

/**
 * {@code kubernetes.setEnv}: the environment-variable flag of seed 002 ({@code kubectl set env deployment/app
 * NEW_CHECKOUT_ENABLED=false}). Sets one variable of one container of a Deployment, which rolls its pods.
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

    private static String name(StepContext context) {
        return context.string("namespace") + "/" + context.string("deployment");
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

    private Found find(StepContext context) {
        Deployment deployment = kubernetes.requireDeployment(context.string("namespace"), context.string("deployment"));
        Container container = container(deployment, context.string("container"), name(context));
        EnvVar variable = container.getEnv() == null ? null : container.getEnv().stream()
                .filter(e -> context.string("name").equals(e.getName())).reduce((first, last) -> last).orElse(null);
        return new Found(container.getName(), variable);
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

    private static String describe(EnvVar variable) {
        if (variable == null) {
            return "unset";
        }
        if (variable.getValueFrom() != null) {
            return "taken from " + describeSource(variable);
        }
        return "'" + Objects.toString(variable.getValue(), "") + "'";
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
        return "a reference";
    }

    private static boolean hasValue(EnvVar variable, String value) {
        return variable != null && variable.getValueFrom() == null && value.equals(Objects.toString(variable.getValue(), ""));
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return state(find(context));
    }

    @Override
    public Preview dryRun(StepContext context) {
        Found found = find(context);
        String variable = context.string("name");
        String value = context.string("value");
        Map<String, Object> wouldBe = Map.of("container", found.container(), "present", true,
                "variable", Map.of("name", variable, "value", value));
        String where = " in container " + found.container() + " of Deployment " + name(context);
        return new Preview(state(found), wouldBe, hasValue(found.variable(), value)
                ? variable + " is already '" + value + "'" + where + ": nothing to change"
                : "would set " + variable + " to '" + value + "'" + where + " (now " + describe(found.variable())
                        + "), which rolls its pods");
    }

    @Override
    public Outcome apply(StepContext context) {
        String variable = context.string("name");
        String value = context.string("value");
        Found found = find(context);
        String where = " in container " + found.container() + " of Deployment " + name(context);
        Map<String, Object> after = Map.of("container", found.container(), "name", variable, "value", value);
        if (hasValue(found.variable(), value)) {
            return new Outcome.Done(after, variable + " is '" + value + "'" + where);
        }
        EnvVar wanted = new EnvVar(variable, value, null);
        edit(context, found.container(), variable, wanted);
        return new Outcome.Done(after, "set " + variable + " to '" + value + "'" + where + " (was "
                + describe(found.variable()) + ")");
    }

    /** Replaces the variable in place (or appends it), or removes it when {@code replacement} is null. */
    private void edit(StepContext context, String container, String variable, EnvVar replacement) {
        String namespace = context.string("namespace");
        String deployment = context.string("deployment");
        try {
            kubernetes.deployment(namespace, deployment).edit(d -> {
                Container target = d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(c -> container.equals(c.getName())).findFirst()
                        .orElseThrow(() -> new StepFailure("container " + container + " of Deployment " + namespace + "/"
                                + deployment + " disappeared"));
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
            throw KubernetesObjects.refusal(e, "Deployment", namespace, deployment);
        }
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Found found = find(context);
        String value = context.string("value");
        return hasValue(found.variable(), value)
                ? Check.ok(context.string("name") + " is '" + value + "' in container " + found.container())
                : Check.failed(context.string("name") + " is " + describe(found.variable()) + " in container "
                        + found.container() + ", not '" + value + "': something else changed it");
    }

    /** Puts the variable back as recorded: the same value or reference, or no variable at all if there was none. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("container") instanceof String container) || !(context.recorded("present") instanceof Boolean present)) {
            return Optional.empty();
        }
        String variable = context.string("name");
        EnvVar previous = present && context.recorded("variable") instanceof Map<?, ?> recorded
                ? json.convertValue(recorded, EnvVar.class) : null;
        if (present && previous == null) {
            return Optional.empty();
        }
        Deployment deployment = kubernetes.requireDeployment(context.string("namespace"), context.string("deployment"));
        Container now = container(deployment, container, name(context));
        EnvVar current = now.getEnv() == null ? null : now.getEnv().stream().filter(e -> variable.equals(e.getName()))
                .reduce((first, last) -> last).orElse(null);
        String where = " in container " + container + " of Deployment " + name(context);
        if (Objects.equals(current, previous)) {
            return Optional.of(new Outcome.Done(Map.of(), variable + " is already " + describe(previous) + where));
        }
        edit(context, container, variable, previous);
        return Optional.of(new Outcome.Done(Map.of(), previous == null ? "removed " + variable + where + " (it was unset)"
                : "set " + variable + " back to " + describe(previous) + where));
    }
}
