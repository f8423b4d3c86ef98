package io.rewind.status.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rewind.common.problem.ProblemException;
import io.rewind.common.security.ApiKeys;

/**
 * An {@code Idempotency-Key} as a caller sent it, with a fingerprint of the request it came with: the operation, the
 * incident it names and the body, as canonical JSON (members sorted), so that the same request sent again matches
 * whatever order its members came in, and any other request does not.
 *
 * @param caller the API key's name: keys are scoped per caller
 */
public record Idempotency(String caller, String key, String requestSha256) {

    /** The header, as the IETF draft names it. */
    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 200;

    /**
     * The key and the fingerprint of {@code body} for {@code operation} (e.g. {@code "POST /api/admin/incidents"} with
     * the incident's id filled in); {@code null} when no key was sent; a 400 for an empty or overlong key.
     */
    public static Idempotency of(String caller, String key, String operation, Object body, ObjectMapper json) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalid(HEADER, "must be from 1 to " + MAX_KEY_LENGTH + " characters");
        }
        ObjectNode request = json.createObjectNode();
        request.put("operation", operation);
        request.set("body", json.valueToTree(body));
        try {
            return new Idempotency(caller, key, ApiKeys.sha256Hex(json.writeValueAsString(canonical(request, json))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request that was just read could not be written again", e);
        }
    }

    private static JsonNode canonical(JsonNode node, ObjectMapper json) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode sorted = json.createObjectNode();
            names.forEach(name -> sorted.set(name, canonical(node.get(name), json)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = json.createArrayNode();
            node.forEach(element -> array.add(canonical(element, json)));
            return array;
        }
        return node;
    }

    /** Whether the request recorded with {@code otherSha256} asked for the same thing. */
    boolean sameRequest(String otherSha256) {
        return requestSha256.equals(otherSha256);
    }
}
