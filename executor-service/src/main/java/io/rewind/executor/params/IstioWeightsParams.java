package io.rewind.executor.params;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code istio.setWeights}: sets the traffic split of an Istio VirtualService route between the subsets of its
 * destination (canary). Params: {@code virtualService}, {@code weights} (an object of subset name to an integer 0..100,
 * adding up to 100); optional {@code namespace} and {@code route}, the name of the HTTP route to change when there is
 * more than one.
 */
public record IstioWeightsParams(String namespace, String virtualService, String route, Map<String, Integer> weights)
        implements StepParams.Namespaced {

    public static IstioWeightsParams read(ParamReader p) {
        String namespace = KubernetesParams.namespace(p);
        String virtualService = p.matching("virtualService", true, Names.DNS_SUBDOMAIN,
                "must be a VirtualService name (a DNS subdomain)");
        String route = p.text("route", false, 253);
        Map<String, Integer> weights = new TreeMap<>();
        Map<?, ?> given = p.object("weights", true);
        if (given != null) {
            long sum = 0;
            boolean valid = true;
            for (Map.Entry<?, ?> entry : given.entrySet()) {
                String subset = entry.getKey().toString();
                Long weight = ParamReader.integral(entry.getValue());
                if (!Names.DNS_LABEL.matcher(subset).matches()) {
                    p.error("weights", "has a subset name that is not a DNS label" + ParamReader.echo(subset));
                    valid = false;
                } else if (weight == null || weight < 0 || weight > 100) {
                    p.error("weights." + subset, "must be an integer from 0 to 100");
                    valid = false;
                } else {
                    sum += weight;
                    weights.put(subset, weight.intValue());
                }
            }
            if (valid && sum != 100) {
                p.error("weights", "must add up to 100 (they add up to " + sum + ")");
            }
        }
        return new IstioWeightsParams(namespace, virtualService, route, weights);
    }
}
