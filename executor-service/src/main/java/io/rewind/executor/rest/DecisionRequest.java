package io.rewind.executor.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.problem.ProblemException;

/**
 * The optional body of approving or rejecting an approval step.
 *
 * @param comment why, kept with the decision on the step and in its output
 */
// Read with the ObjectMapper by hand rather than by the REST layer, so a native image must be told to keep it.
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = false)
public record DecisionRequest(String comment) {

    static final int MAX_COMMENT = 2000;

    /**
     * The comment of a raw request body: none for an empty body, else a JSON object {@code {"comment": "..."}}. Read by
     * hand because the body is optional and clients post it without a content type (curl -X POST).
     */
    static String comment(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        DecisionRequest request;
        try {
            request = json.readValue(body, DecisionRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("comment", "the body must be empty or a JSON object {\"comment\": \"...\"}");
        }
        if (request == null || request.comment() == null) {
            return null;
        }
        if (request.comment().length() > MAX_COMMENT) {
            throw ProblemException.invalid("comment", "must be at most " + MAX_COMMENT + " characters");
        }
        return request.comment();
    }
}
