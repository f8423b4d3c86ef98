package io.rewind.executor.action;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * flagd with its flag definitions in a Kubernetes ConfigMap (the file flagd watches): a flag is on while its
 * {@code state} is {@code ENABLED}. Only that field changes; the rest of the JSON (variants, targeting, other flags) is
 * written back as it was read.
 */
@ApplicationScoped
class FlagdFlags implements FlagProvider {

    /** The ConfigMap entry read when the step names none: the file name flagd's examples use. */
    static final String DEFAULT_KEY = "flags.flagd.json";

    private final KubernetesObjects kubernetes;
    private final ObjectMapper json;

    FlagdFlags(KubernetesObjects kubernetes, ObjectMapper json) {
        this.kubernetes = kubernetes;
        this.json = json;
    }

    @Override
    public String id() {
        return "flagd";
    }

    private static String key(StepContext context) {
        return context.string("key", DEFAULT_KEY);
    }

    private Resource<ConfigMap> configMap(StepContext context) {
        return kubernetes.client().configMaps().inNamespace(context.string("namespace")).withName(context.string("configMap"));
    }

    private ConfigMap read(StepContext context) {
        ConfigMap configMap;
        try {
            configMap = configMap(context).get();
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "ConfigMap", context.string("namespace"), context.string("configMap"));
        }
        if (configMap == null) {
            throw new StepFailure("ConfigMap " + context.string("namespace") + "/" + context.string("configMap") + " does not exist");
        }
        return configMap;
    }

    /** The flag definitions of the ConfigMap's entry and the step's flag in them. */
    private ObjectNode flags(StepContext context, ConfigMap configMap) {
        String text = configMap.getData() == null ? null : configMap.getData().get(key(context));
        String where = "ConfigMap " + context.string("namespace") + "/" + context.string("configMap") + " key " + key(context);
        if (text == null) {
            throw new StepFailure(where + " does not exist");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StepFailure(where + " is not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object) || !(root.path("flags") instanceof ObjectNode flags)) {
            throw new StepFailure(where + " has no \"flags\" object (flagd's format)");
        }
        if (!(flags.get(context.string("feature")) instanceof ObjectNode)) {
            throw new StepFailure(where + " defines no flag '" + context.string("feature") + "'");
        }
        return object;
    }

    private static boolean on(StepContext context, ObjectNode root) {
        String state = root.path("flags").path(context.string("feature")).path("state").asText("");
        return switch (state) {
            case "ENABLED" -> true;
            case "DISABLED" -> false;
            default -> throw new StepFailure("flagd flag '" + context.string("feature") + "' has state '" + state
                    + "', not ENABLED or DISABLED");
        };
    }

    @Override
    public boolean enabled(StepContext context) {
        return on(context, flags(context, read(context)));
    }

    @Override
    public void turn(StepContext context, boolean on) {
        try {
            configMap(context).edit(configMap -> {
                ObjectNode root = flags(context, configMap);
                ((ObjectNode) root.path("flags").path(context.string("feature"))).put("state", on ? "ENABLED" : "DISABLED");
                try {
                    configMap.getData().put(key(context), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return configMap;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "ConfigMap", context.string("namespace"), context.string("configMap"));
        }
    }

    @Override
    public String describe(StepContext context) {
        return "flagd flag '" + context.string("feature") + "' in ConfigMap " + context.string("namespace") + "/"
                + context.string("configMap") + " (" + key(context) + ")";
    }
}
