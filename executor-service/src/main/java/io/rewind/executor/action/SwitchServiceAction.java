package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.client.KubernetesClientException;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.SwitchServiceParams;

/**
 * {@code kubernetes.switchService}: blue/green switch-back. Replaces the Service's whole selector (not merges into it),
 * so a label of the other colour cannot linger, in the cluster of the step's {@code kubernetes} target and a namespace it
 * allows ({@link SwitchServiceParams}); the selector it found is the before-state, and compensation restores it.
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

    private static SwitchServiceParams params(StepContext context) {
        return context.params(SwitchServiceParams.class);
    }

    private KubernetesObjects.Namespace namespace(StepContext context) {
        return kubernetes.in(context, context.namespace(params(context).namespace()));
    }

    private static Map<String, String> selectorNow(KubernetesObjects.Namespace ns, String service) {
        Map<String, String> selector = ns.requireService(service).getSpec().getSelector();
        return selector == null ? Map.of() : new TreeMap<>(selector);
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("selector", selectorNow(namespace(context), params(context).service()));
    }

    @Override
    public Preview dryRun(StepContext context) {
        KubernetesObjects.Namespace ns = namespace(context);
        String service = params(context).service();
        Map<String, String> now = selectorNow(ns, service);
        Map<String, String> wanted = params(context).selector();
        return new Preview(Map.of("selector", now), Map.of("selector", wanted), now.equals(wanted)
                ? "Service " + ns.path(service) + " already selects " + wanted + ": nothing to change"
                : "would point Service " + ns.path(service) + " from " + now + " to " + wanted);
    }

    @Override
    public Outcome apply(StepContext context) {
        return switchTo(context, params(context).selector());
    }

    private Outcome switchTo(StepContext context, Map<String, String> wanted) {
        KubernetesObjects.Namespace ns = namespace(context);
        String service = params(context).service();
        Map<String, String> now = selectorNow(ns, service);
        if (now.equals(wanted)) {
            return new Outcome.Done(Map.of("selector", wanted), "Service " + ns.path(service) + " selects " + wanted);
        }
        try {
            ns.service(service).edit(s -> {
                s.getSpec().setSelector(new TreeMap<>(wanted));
                return s;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Service", ns.name(), service);
        }
        return new Outcome.Done(Map.of("selector", wanted),
                "pointed Service " + ns.path(service) + " from " + now + " to " + wanted);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        KubernetesObjects.Namespace ns = namespace(context);
        String service = params(context).service();
        Map<String, String> now = selectorNow(ns, service);
        Map<String, String> wanted = params(context).selector();
        return now.equals(wanted) ? Check.ok("Service " + ns.path(service) + " selects " + now)
                : Check.failed("Service " + ns.path(service) + " selects " + now + ", not " + wanted);
    }

    /** Points the Service back at the selector recorded before the step acted. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("selector") instanceof Map<?, ?> previous) || previous.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> selector = new TreeMap<>();
        previous.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
        return Optional.of(switchTo(context, selector));
    }
}
