package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pod templates as JSON trees, compared the way Kubernetes compares them: an absent field, null, an empty list and an
 * empty object are the same (apimachinery's semantic equality), and the {@code pod-template-hash} label, which the
 * Deployment controller adds to each ReplicaSet's copy of the template, is ignored.
 */
public final class Templates {

    static final String HASH_LABEL = "pod-template-hash";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Templates() {
    }

    /** {@code template} (a fabric8 model object or a map) without empty values and without the hash label. */
    static JsonNode normalized(Object template) {
        JsonNode tree = prune(JSON.valueToTree(template));
        if (tree != null && tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
            tree = prune(tree);
        }
        return tree == null ? JSON.createObjectNode() : tree;
    }

    static Map<String, Object> toMap(JsonNode tree) {
        return JSON.convertValue(tree, MAP);
    }

    public static boolean same(Object a, Object b) {
        return normalized(a).equals(normalized(b));
    }

    /** What changes from {@code from} to {@code to}, one line per leaf: {@code spec.containers[0].image: a -> b}. */
    static List<String> diff(JsonNode from, JsonNode to) {
        List<String> lines = new ArrayList<>();
        diff("", from, to, lines);
        return lines;
    }

    private static void diff(String path, JsonNode from, JsonNode to, List<String> lines) {
        if (Objects.equals(from, to)) {
            return;
        }
        if (from != null && to != null && from.isObject() && to.isObject()) {
            List<String> names = new ArrayList<>();
            from.fieldNames().forEachRemaining(names::add);
            to.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            });
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, from.get(name), to.get(name), lines);
            }
        } else if (from != null && to != null && from.isArray() && to.isArray()) {
            for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
                diff(path + "[" + i + "]", from.get(i), to.get(i), lines);
            }
        } else {
            lines.add(path + ": " + text(from) + " -> " + text(to));
        }
    }

    private static String text(JsonNode node) {
        return node == null ? "(none)" : node.isTextual() ? node.asText() : node.toString();
    }

    /** The tree without nulls, empty objects and empty arrays; null when nothing is left. */
    private static JsonNode prune(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode pruned = prune(field.getValue());
                if (pruned == null) {
                    it.remove();
                } else {
                    field.setValue(pruned);
                }
            }
            return object.isEmpty() ? null : object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonNode pruned = prune(array.get(i));
                array.set(i, pruned == null ? JSON.createObjectNode() : pruned);
            }
            return array.isEmpty() ? null : array;
        }
        return node;
    }
}
