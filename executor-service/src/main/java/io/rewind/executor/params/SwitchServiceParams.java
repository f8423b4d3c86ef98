package io.rewind.executor.params;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code kubernetes.switchService}: points a Service at other pods by replacing its selector (blue/green).
 * Params: {@code service}, {@code selector} (a non-empty object of label key to label value, e.g.
 * {@code {"color": "blue"}}); optional {@code namespace}.
 */
public record SwitchServiceParams(String namespace, String service, Map<String, String> selector)
        implements StepParams.Namespaced {

    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    public static SwitchServiceParams read(ParamReader p) {
        String namespace = KubernetesParams.namespace(p);
        String service = p.matching("service", true, Names.DNS_1035_LABEL, "must be a Service name (a DNS-1035 label)");
        Map<String, String> selector = new TreeMap<>();
        Map<?, ?> given = p.object("selector", true);
        if (given != null) {
            given.forEach((key, value) -> {
                if (!LABEL_KEY.matcher(key.toString()).matches()) {
                    p.error("selector", "has a key that is not a Kubernetes label key" + ParamReader.echo(key.toString()));
                } else if (!(value instanceof String text) || !LABEL_VALUE.matcher(text).matches()) {
                    p.error("selector." + key, "must be a Kubernetes label value (a string)");
                } else {
                    selector.put(key.toString(), text);
                }
            });
        }
        return new SwitchServiceParams(namespace, service, selector);
    }
}
