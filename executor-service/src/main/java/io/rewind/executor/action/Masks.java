package io.rewind.executor.action;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How steps show values that may be secrets: literal environment values (a database password is often one) and
 * whatever embeds them. A masked value keeps whether it was set and a short keyed mark, so before and after can
 * still be told apart without the value itself being shown or guessable.
 */
final class Masks {

    /** kubectl's copy of the last applied object, which holds every literal environment value of its pod template. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final SecretKeySpec KEY = newKey();

    private Masks() {
    }

    /**
     * {@code "***1f3870be"} for a value, the empty string as it is (nothing to hide), null as null. The mark is an
     * HMAC under a key this process draws at start, not a plain hash: two values in one answer can be told apart (a
     * before and an after), but nobody can confirm a guess (an "admin123", a "false") against it.
     */
    static String literal(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return "***" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static SecretKeySpec newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
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
