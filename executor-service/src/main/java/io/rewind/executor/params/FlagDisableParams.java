package io.rewind.executor.params;

import java.util.regex.Pattern;

/**
 * {@code flag.disable}: turns a feature flag off on the step's {@code unleash} or {@code flagd} target (which decides
 * the server, project, environment, ConfigMap and credentials). Params: {@code feature}.
 */
public record FlagDisableParams(String feature) implements StepParams {

    private static final Pattern FLAG_KEY = Pattern.compile("[A-Za-z0-9_.:~-]{1,100}");

    public static FlagDisableParams read(ParamReader p) {
        return new FlagDisableParams(p.matching("feature", true, FLAG_KEY, "must be a feature flag name"));
    }
}
