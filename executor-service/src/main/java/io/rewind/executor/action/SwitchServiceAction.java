package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;

import io.rewind.executor.StepKind;

/**
 * {@code kubernetes.switchService}: blue/green switch-back. Replaces the Service's whole selector (not merges into it),
 * so a label of the other colour cannot linger; the selector it found is the before-state, and compensation restores it.
 */
@ApplicationScoped
public class SwitchServiceAction implements StepAction {

    private final KubernetesObjects kubernetes;

    public SwitchServiceAction(KubernetesObjects kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    @Override
    public StepKind kind() {
        return StepKind.KUBERNETES_SWITCH_SERVICE;
    }

    private static String name(StepContext context) {
        return context.string("namespace") + "/" + context.string("service");
    }

    private Map<String, String> selectorNow(StepContext context) {
        Service service = kubernetes.requireService(context.string("namespace"), context.string("service"));
        Map<String, String> selector = service.getSpec().getSelector();
        return selector == null ? Map.of() : new TreeMap<>(selector);
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("selector", selectorNow(context));
    }

    @Override
    public Preview dryRun(StepContext context) {
        Map<String, String> now = selectorNow(context);
        Map<String, String> wanted = context.stringMap("selector");
        return new Preview(Map.of("selector", now), Map.of("selector", wanted), now.equals(wanted)
                ? "Service " + name(context) + " already selects " + wanted + ": nothing to change"
                : "would point Service " + name(context) + " from " + now + " to " + wanted);
    }

    @Override
    public Outcome apply(StepContext context) {
        return switchTo(context, context.stringMap("selector"));
    }

    private Outcome switchTo(StepContext context, Map<String, String> wanted) {
        Map<String, String> now = selectorNow(context);
        if (now.equals(wanted)) {
            return new Outcome.Done(Map.of("selector", wanted), "Service " + name(context) + " selects " + wanted);
        }
        try {
            kubernetes.service(context.string("namespace"), context.string("service")).edit(s -> {
                s.getSpec().setSelector(new TreeMap<>(wanted));
                return s;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Service", context.string("namespace"), context.string("service"));
        }
        return new Outcome.Done(Map.of("selector", wanted),
                "pointed Service " + name(context) + " from " + now + " to " + wanted);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Map<String, String> now = selectorNow(context);
        Map<String, String> wanted = context.stringMap("selector");
        return now.equals(wanted) ? Check.ok("Service " + name(context) + " selects " + now)
                : Check.failed("Service " + name(context) + " selects " + now + ", not " + wanted);
    }

    /** Points the Service back at the selector recorded before the step acted. */
    @Override
    @SuppressWarnings("unchecked")
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("selector") instanceof Map<?, ?> previous) || previous.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> selector = new TreeMap<>();
        previous.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
        return Optional.of(switchTo(context, selector));
    }
}
