package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.IstioWeightsParams;

/**
 * {@code istio.setWeights}: canary to zero (seed 004's "Canary Rollback"). Sets the weights of one HTTP route of an
 * Istio VirtualService, by the subsets of its destinations, through fabric8's generic resource API, so the executor
 * carries no Istio model. It acts in the cluster of the step's {@code kubernetes} target and a namespace it allows
 * ({@link IstioWeightsParams}).
 *
 * <p>It reads {@code networking.istio.io/v1}, which every supported Istio release serves (1.22 and later; v1beta1 is
 * the same schema under an older name). There is no fallback to v1beta1: it would hide a cluster without Istio behind a
 * second read, and every still-supported Istio answers v1.
 *
 * <p>The {@code weights} must name exactly the subsets of the route's destinations: a subset left out would keep a
 * weight nobody chose, a subset the route lacks would be a typo. The route is the one named {@code route}, or the only
 * HTTP route. The weights found are the before-state (absent weights recorded as null), and compensation puts them
 * back. Weights that already match are left alone.
 */
@ApplicationScoped
public class IstioWeightsAction implements StepAction {

    /** The VirtualService resource, as served by Istio 1.22 and later. */
    public static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withKind("VirtualService").withPlural("virtualservices")
            .withNamespaced(true).build();

    private final KubernetesObjects kubernetes;

    public IstioWeightsAction(KubernetesObjects kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public StepKind kind() {
        return StepKind.ISTIO_SET_WEIGHTS;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    private static IstioWeightsParams params(StepContext context) {
        return context.params(IstioWeightsParams.class);
    }

    private KubernetesObjects.Namespace namespace(StepContext context) {
        return kubernetes.in(context, context.namespace(params(context).namespace()));
    }

    private static Resource<GenericKubernetesResource> resource(KubernetesObjects.Namespace ns, String virtualService) {
        return ns.client().genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(ns.name()).withName(virtualService);
    }

    private static GenericKubernetesResource read(KubernetesObjects.Namespace ns, String virtualService) {
        GenericKubernetesResource found;
        try {
            found = resource(ns, virtualService).get();
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "VirtualService", ns.name(), virtualService);
        }
        if (found == null) {
            throw new StepFailure("VirtualService " + ns.path(virtualService) + " does not exist");
        }
        return found;
    }

    /**
     * The HTTP route the step changes, inside {@code spec} of {@code virtualService} (the same maps, so a change to it
     * changes the object).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> route(GenericKubernetesResource virtualService, String wanted, String name) {
        Object spec = virtualService.getAdditionalProperties().get("spec");
        List<Object> http = spec instanceof Map<?, ?> s && s.get("http") instanceof List<?> list ? (List<Object>) list : List.of();
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Object route : http) {
            if (route instanceof Map<?, ?> map) {
                routes.add((Map<String, Object>) map);
            }
        }
        List<String> names = routes.stream().map(r -> r.get("name") == null ? "(unnamed)" : r.get("name").toString()).toList();
        if (wanted == null) {
            if (routes.size() == 1) {
                return routes.get(0);
            }
            throw new StepFailure(routes.isEmpty() ? "VirtualService " + name + " has no HTTP routes"
                    : "VirtualService " + name + " has " + routes.size() + " HTTP routes (" + String.join(", ", names)
                            + "): name the one to change with the parameter 'route'");
        }
        return routes.stream().filter(r -> wanted.equals(r.get("name"))).findFirst()
                .orElseThrow(() -> new StepFailure("VirtualService " + name + " has no HTTP route named '" + wanted
                        + "' (its routes: " + String.join(", ", names) + ")"));
    }

    /** The route's destinations by subset, in the order they are written. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> destinations(Map<String, Object> route, String name) {
        Map<String, Map<String, Object>> bySubset = new LinkedHashMap<>();
        if (!(route.get("route") instanceof List<?> list) || list.isEmpty()) {
            throw new StepFailure("the HTTP route of VirtualService " + name + " has no destinations");
        }
        for (Object item : list) {
            Map<String, Object> destination = (Map<String, Object>) item;
            Object subset = destination.get("destination") instanceof Map<?, ?> d ? d.get("subset") : null;
            if (subset == null) {
                throw new StepFailure("a destination of the HTTP route of VirtualService " + name
                        + " has no subset, so weights by subset cannot name it");
            }
            if (bySubset.put(subset.toString(), destination) != null) {
                throw new StepFailure("the HTTP route of VirtualService " + name + " sends to subset '" + subset
                        + "' twice, so weights by subset are ambiguous");
            }
        }
        return bySubset;
    }

    /** The weights now, by subset; null for a destination without a weight. */
    private static Map<String, Integer> weights(Map<String, Map<String, Object>> destinations) {
        Map<String, Integer> weights = new TreeMap<>();
        destinations.forEach((subset, d) -> weights.put(subset, d.get("weight") instanceof Number n ? n.intValue() : null));
        return weights;
    }

    private static void requireSameSubsets(Map<String, Integer> wanted, Map<String, Map<String, Object>> destinations,
            String name) {
        if (!wanted.keySet().equals(new TreeSet<>(destinations.keySet()))) {
            throw new StepFailure("weights name the subsets " + new TreeSet<>(wanted.keySet())
                    + " but the HTTP route of VirtualService " + name + " sends to " + new TreeSet<>(destinations.keySet())
                    + ": name exactly its subsets");
        }
    }

    /** The current weights, after checking the step can run against this VirtualService. */
    private static Map<String, Integer> current(KubernetesObjects.Namespace ns, IstioWeightsParams params) {
        String name = ns.path(params.virtualService());
        GenericKubernetesResource vs = read(ns, params.virtualService());
        Map<String, Map<String, Object>> destinations = destinations(route(vs, params.route(), name), name);
        requireSameSubsets(params.weights(), destinations, name);
        return weights(destinations);
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("weights", current(namespace(context), params(context)));
        return before;
    }

    @Override
    public Preview dryRun(StepContext context) {
        KubernetesObjects.Namespace ns = namespace(context);
        IstioWeightsParams params = params(context);
        String name = ns.path(params.virtualService());
        Map<String, Integer> now = current(ns, params);
        Map<String, Integer> wanted = params.weights();
        return new Preview(Map.of("weights", now), Map.of("weights", wanted), now.equals(wanted)
                ? "VirtualService " + name + " already splits " + wanted + ": nothing to change"
                : "would change the weights of VirtualService " + name + " from " + now + " to " + wanted);
    }

    @Override
    public Outcome apply(StepContext context) {
        return setTo(context, params(context).weights());
    }

    private Outcome setTo(StepContext context, Map<String, Integer> target) {
        KubernetesObjects.Namespace ns = namespace(context);
        IstioWeightsParams params = params(context);
        String name = ns.path(params.virtualService());
        Map<String, Integer> now = current(ns, params);
        if (now.equals(target)) {
            return new Outcome.Done(Map.of("weights", target), "VirtualService " + name + " splits " + target);
        }
        try {
            resource(ns, params.virtualService()).edit(vs -> {
                Map<String, Map<String, Object>> destinations = destinations(route(vs, params.route(), name), name);
                requireSameSubsets(target, destinations, name);
                target.forEach((subset, weight) -> {
                    if (weight == null) {
                        destinations.get(subset).remove("weight");
                    } else {
                        destinations.get(subset).put("weight", weight);
                    }
                });
                return vs;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "VirtualService", ns.name(), params.virtualService());
        }
        return new Outcome.Done(Map.of("weights", target),
                "changed the weights of VirtualService " + name + " from " + now + " to " + target);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        KubernetesObjects.Namespace ns = namespace(context);
        IstioWeightsParams params = params(context);
        String name = ns.path(params.virtualService());
        Map<String, Integer> now = current(ns, params);
        return now.equals(params.weights()) ? Check.ok("VirtualService " + name + " splits " + now)
                : Check.failed("VirtualService " + name + " splits " + now + ", not " + params.weights());
    }

    /** Puts the recorded weights back (removing a weight that was absent). */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("weights") instanceof Map<?, ?> recorded) || recorded.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> previous = new TreeMap<>();
        recorded.forEach((k, v) -> previous.put(String.valueOf(k), v instanceof Number n ? n.intValue() : null));
        return Optional.of(setTo(context, previous));
    }
}
