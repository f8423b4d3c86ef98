package io.rewind.executor.client;

import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;

import io.rewind.executor.action.StepFailure;

/**
 * How the executor reads another Rewind service's error answers: a 4xx other than 408 and 429 is that service refusing
 * the request, which no retry changes, so it becomes a {@link StepFailure} quoting the problem document; anything else
 * stays the exception it was, for the caller's retry and breaker.
 */
final class Refusals {

    private Refusals() {
    }

    static RuntimeException refusal(String service, WebApplicationException e, String doing) {
        int status = e.getResponse().getStatus();
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new StepFailure(service + " refused " + doing + " (HTTP " + status + detail(e) + ")");
        }
        return e;
    }

    /** ": detail; field message; ..." from an RFC 9457 problem body, or nothing when the body says nothing readable. */
    static String detail(WebApplicationException e) {
        try {
            JsonNode problem = e.getResponse().readEntity(JsonNode.class);
            StringBuilder text = new StringBuilder();
            if (problem.hasNonNull("detail")) {
                text.append(": ").append(problem.get("detail").asText());
            } else if (problem.hasNonNull("title")) {
                text.append(": ").append(problem.get("title").asText());
            }
            for (JsonNode error : problem.path("errors")) {
                text.append("; ").append(error.path("field").asText()).append(" ").append(error.path("message").asText());
            }
            return text.toString();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
