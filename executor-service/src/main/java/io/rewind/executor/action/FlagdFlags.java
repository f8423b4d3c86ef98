package io.rewind.executor.action;

import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

import io.rewind.executor.TargetKind;
import io.rewind.executor.params.FlagDisableParams;
import io.rewind.executor.target.FlagdTarget;

/**
 * flagd with its flag definitions in a Kubernetes ConfigMap (the file flagd watches): a flag is on while its
 * {@code state} is {@code ENABLED}. The step's {@code flagd} target names the ConfigMap, its entry and the cluster;
 * the step names only the flag. Only that flag's {@code state} changes; the rest of the JSON (variants, targeting, other
 * flags) is written back as it was read.
 */
@ApplicationScoped
class FlagdFlags implements FlagProvider {

    private final KubernetesObjects kubernetes;
    private final ObjectMapper json;

    FlagdFlags(KubernetesObjects kubernetes, ObjectMapper json) {
        this.kubernetes = kubernetes;
        this.json = json;
    }

    @Override
    public TargetKind kind() {
        return TargetKind.FLAGD;
    }

    private static FlagdTarget target(StepContext context) {
        return context.target(FlagdTarget.class);
    }

    private static String feature(StepContext context) {
        return context.params(FlagDisableParams.class).feature();
    }

    private static String configMapName(FlagdTarget target) {
        return target.namespace() + "/" + target.configMap();
    }

    private Resource<ConfigMap> configMap(StepContext context) {
        FlagdTarget target = target(context);
        return kubernetes.in(context, target.namespace()).client().configMaps().inNamespace(target.namespace())
                .withName(target.configMap());
    }

    private ConfigMap read(StepContext context) {
        FlagdTarget target = target(context);
        ConfigMap configMap;
        try {
            configMap = configMap(context).get();
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "ConfigMap", target.namespace(), target.configMap());
        }
        if (configMap == null) {
            throw new StepFailure("ConfigMap " + configMapName(target) + " does not exist");
        }
        return configMap;
    }

    /** The entry holding the definitions: the target's {@code key}, else the ConfigMap's only entry. */
    private static String key(StepContext context, ConfigMap configMap) {
        FlagdTarget target = target(context);
        if (target.key() != null) {
            return target.key();
        }
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        if (data.size() != 1) {
            throw new StepFailure("ConfigMap " + configMapName(target) + " has " + (data.isEmpty() ? "no entries"
                    : data.size() + " entries (" + String.join(", ", new TreeSet<>(data.keySet())) + ")")
                    + "; an admin must name the one holding the flags as key of target '" + context.target().name() + "'");
        }
        return data.keySet().iterator().next();
    }

    /** The flag definitions of the ConfigMap's entry, checked to define the step's flag. */
    private ObjectNode flags(StepContext context, ConfigMap configMap) {
        String key = key(context, configMap);
        String text = configMap.getData() == null ? null : configMap.getData().get(key);
        String where = "ConfigMap " + configMapName(target(context)) + " key " + key;
        if (text == null) {
            throw new StepFailure(where + " does not exist");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the content; the location is what an engineer needs to find the mistake.
            throw new StepFailure(where + " is not JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (!(root instanceof ObjectNode object) || !(root.path("flags") instanceof ObjectNode flags)) {
            throw new StepFailure(where + " has no \"flags\" object (flagd's format)");
        }
        if (!(flags.get(feature(context)) instanceof ObjectNode)) {
            throw new StepFailure(where + " defines no flag '" + feature(context) + "'");
        }
        return object;
    }

    private static boolean on(StepContext context, ObjectNode root) {
        String state = root.path("flags").path(feature(context)).path("state").asText("");
        return switch (state) {
            case "ENABLED" -> true;
            case "DISABLED" -> false;
            default -> throw new StepFailure("flagd flag '" + feature(context) + "' has state '" + state
                    + "', not ENABLED or DISABLED");
        };
    }

    @Override
    public boolean enabled(StepContext context) {
        return on(context, flags(context, read(context)));
    }

    @Override
    public void turn(StepContext context, boolean on) {
        FlagdTarget target = target(context);
        try {
            configMap(context).edit(configMap -> {
                ObjectNode root = flags(context, configMap);
                ((ObjectNode) root.path("flags").path(feature(context))).put("state", on ? "ENABLED" : "DISABLED");
                try {
                    configMap.getData().put(key(context, configMap), json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(root));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return configMap;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "ConfigMap", target.namespace(), target.configMap());
        }
    }

    @Override
    public String describe(StepContext context) {
        FlagdTarget target = target(context);
        return "flagd flag '" + feature(context) + "' in ConfigMap " + configMapName(target)
                + (target.key() == null ? "" : " (" + target.key() + ")");
    }
}
