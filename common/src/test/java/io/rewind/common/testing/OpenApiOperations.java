package io.rewind.common.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The operations a running service publishes in its OpenAPI document ({@code /q/openapi}), with a plausible value for
 * every parameter and body built from their schemas: the raw material of the bad-input walk and the grants check.
 */
public final class OpenApiOperations {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A parameter in the path or the query. */
    public record Param(String name, String in, JsonNode schema) {
    }

    /** One operation: its method, its path template, its parameters and its JSON body schema (null when none). */
    public record Operation(String method, String path, List<Param> params, JsonNode body, boolean streams) {

        public String id() {
            return method + " " + path;
        }

        /** The path with every parameter replaced by its sample, or by {@code override} for the one named. */
        public String target(Map<String, String> rawValues) {
            String result = path;
            for (Param param : params) {
                if (param.in().equals("path")) {
                    result = result.replace("{" + param.name() + "}", rawValues.getOrDefault(param.name(),
                            sampleParam(param)));
                }
            }
            return result;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations;

    private OpenApiOperations(JsonNode document) {
        this.document = document;
        this.operations = read();
    }

    /** The document of the service listening on {@code port}. */
    public static OpenApiOperations of(int port) throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/q/openapi?format=json", Map.of("Accept", "application/json",
                "Authorization", "Bearer " + TestKeys.key(io.rewind.common.security.Role.VIEWER)),
                null);
        if (answer.status() != 200) {
            throw new IllegalStateException("/q/openapi answered " + answer.status());
        }
        return new OpenApiOperations(JSON.readTree(answer.body()));
    }

    public List<Operation> operations() {
        return operations;
    }

    private List<Operation> read() {
        List<Operation> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<Param> params = new ArrayList<>();
                for (JsonNode param : op.path("parameters")) {
                    JsonNode resolved = resolve(param);
                    if (resolved.path("in").asText().equals("path") || resolved.path("in").asText().equals("query")) {
                        params.add(new Param(resolved.path("name").asText(), resolved.path("in").asText(),
                                resolve(resolved.path("schema"))));
                    }
                }
                JsonNode body = null;
                JsonNode content = resolve(op.path("requestBody")).path("content");
                if (content.has("application/json")) {
                    body = resolve(content.path("application/json").path("schema"));
                } else if (content.size() > 0) {
                    body = resolve(content.elements().next().path("schema"));
                }
                boolean streams = op.path("responses").toString().contains("text/event-stream");
                result.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), params, body, streams));
            }
        }
        return result;
    }

    JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref") && hops++ < 20) {
            String ref = node.path("$ref").asText();
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            node = target;
        }
        if (node != null && node.has("allOf") && node.path("allOf").size() > 0) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode properties = merged.putObject("properties");
            merged.put("type", "object");
            for (JsonNode part : node.path("allOf")) {
                JsonNode resolved = resolve(part);
                if (resolved.has("properties")) {
                    properties.setAll((ObjectNode) resolved.path("properties"));
                } else if (!resolved.has("type") || !resolved.path("type").asText().equals("object")) {
                    return resolved;
                }
            }
            return merged;
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (node != null && node.has(choice) && node.path(choice).size() > 0) {
                return resolve(node.path(choice).get(0));
            }
        }
        return node == null ? NODES.missingNode() : node;
    }

    /** A plausible value of the schema: what a careful client would send. */
    public JsonNode sample(JsonNode schema) {
        return sample(schema, 0);
    }

    private JsonNode sample(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("example") && !s.path("example").isNull() && depth > 0) {
            return s.path("example");
        }
        if (s.has("enum") && s.path("enum").size() > 0) {
            return s.path("enum").get(0);
        }
        String type = type(s);
        switch (type) {
            case "object":
                ObjectNode object = NODES.objectNode();
                if (depth > 6) {
                    return object;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (property.getValue().path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    object.set(property.getKey(), sample(property.getValue(), depth + 1));
                }
                if (object.isEmpty() && s.path("additionalProperties").isObject()) {
                    object.set("walk", sample(s.path("additionalProperties"), depth + 1));
                }
                return object;
            case "array":
                ArrayNode array = NODES.arrayNode();
                if (depth <= 6) {
                    array.add(sample(s.path("items"), depth + 1));
                }
                return array;
            case "integer":
                return NODES.numberNode(Math.max(1, s.path("minimum").asLong(1)));
            case "number":
                return NODES.numberNode(1.0);
            case "boolean":
                return NODES.booleanNode(true);
            case "string":
                return NODES.textNode(sampleString(s));
            default:
                return NODES.textNode("walk");
        }
    }

    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "";
    }

    private static String sampleString(JsonNode s) {
        return switch (s.path("format").asText()) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "duration" -> "PT1M";
            case "uri", "url" -> "http://127.0.0.1:9/walk";
            default -> "walk";
        };
    }

    static String sampleParam(Param param) {
        String type = type(param.schema());
        if (type.equals("integer") || type.equals("number")) {
            return "1";
        }
        if (type.equals("boolean")) {
            return "true";
        }
        if (param.schema().path("format").asText().equals("uuid")) {
            return UUID.randomUUID().toString();
        }
        return "walk-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
    }
}
