package io.rewind.executor.params;

import java.util.regex.Pattern;

/**
 * {@code flag.disable}: turns a feature flag off on the step's {@code unleash} or {@code flagd} target (which decides
 * the server, project, environment, ConfigMap and credentials). Params: {@code feature}.
 */
public record FlagDisableParams(String feature) implements StepParams {

    // Part of a URL path on Unleash: '.' and '..' alone would walk up it.
    private static final Pattern FLAG_KEY = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9_.:~-]{1,100}");

    public static FlagDisableParams read(ParamReader p) {
        p.moved("provider", "the kind of the step's target decides it (an unleash or a flagd target)");
        for (String key : new String[] { "url", "project", "environment" }) {
            p.moved(key, "the step's unleash target holds it (spec." + key + ")");
        }
        for (String key : new String[] { "namespace", "configMap", "key" }) {
            p.moved(key, "the step's flagd target holds it (spec." + key + ")");
        }
        return new FlagDisableParams(p.matching("feature", true, FLAG_KEY, "must be a feature flag name"));
    }
}
