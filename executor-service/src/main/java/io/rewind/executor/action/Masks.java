package io.rewind.executor.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How steps show values that may be secrets: literal environment values (a database password is often one) and
 * whatever embeds them. A masked value keeps whether it was set and a short SHA-256 prefix, so before and after can
 * still be told apart (and a known value checked) without the value itself being shown.
 */
final class Masks {

    /** kubectl's copy of the last applied object, which holds every literal environment value of its pod template. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Masks() {
    }

    /** {@code "***sha256:1f3870be"} for a value, the empty string as it is (nothing to hide), null as null. */
    static String literal(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "***sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@link #literal} of an object's text, for states read back from JSON. */
    static Object literal(Object value) {
        return value instanceof String text ? literal(text) : value;
    }

    /**
     * A copy of {@code template} (a pod template, or any object holding one) with the literal {@code value} of every
     * environment variable masked, in every kind of container; references ({@code valueFrom}) are kept.
     */
    static Map<String, Object> envValues(Object template) {
        JsonNode tree = JSON.valueToTree(template);
        maskEnv(tree);
        return JSON.convertValue(tree, MAP);
    }

    /** {@link #envValues} of a JSON tree, in place. */
    static void maskEnv(JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode env = node.get("env");
            if (env != null && env.isArray()) {
                for (JsonNode variable : env) {
                    if (variable instanceof ObjectNode object && object.get("value") != null && object.get("value").isTextual()) {
                        object.put("value", literal(object.get("value").asText()));
                    }
                }
            }
            node.forEach(Masks::maskEnv);
        } else if (node.isArray()) {
            node.forEach(Masks::maskEnv);
        }
    }

    /** A copy of {@code annotations} with the ones that embed a whole object (and so its secrets) masked. */
    static Object annotations(Object annotations) {
        if (!(annotations instanceof Map<?, ?> map) || !map.containsKey(LAST_APPLIED)) {
            return annotations;
        }
        Map<String, Object> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), LAST_APPLIED.equals(key) ? literal(value) : value));
        return copy;
    }
}
