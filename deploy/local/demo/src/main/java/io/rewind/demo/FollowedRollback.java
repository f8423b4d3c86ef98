package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reported incident's rollback, followed as an on-call engineer watches it: decision-service's execution id, each
 * step's end from executor-service's event stream as it happens, and the incident's end.
 *
 * @param executionId the execution decision-service started
 * @param incident the incident once it ended (RESOLVED or FAILED)
 */
record FollowedRollback(String executionId, JsonNode incident) {

    static FollowedRollback follow(Narrator story, Rest rest, Suite suite, String incidentId) {
        JsonNode withExecution = Rest.poll("the execution", Duration.ofMinutes(1),
                () -> rest.get(suite.url("decision-service") + "/api/incidents/" + incidentId, bearer(suite.operatorKey)),
                i -> i.path("rollback").hasNonNull("executionId"));
        String executionId = withExecution.path("rollback").path("executionId").asText();
        rest.events(suite.url("executor-service") + "/api/executions/" + executionId + "/events", bearer(suite.operatorKey),
                event -> {
                    if (event.path("type").asText().equals("execution")) {
                        story.say("execution " + event.path("executionStatus").asText());
                    } else if (!event.path("status").asText().matches("PENDING|RUNNING")) {
                        story.say("step " + (event.path("position").asInt() + 1) + " " + event.path("kind").asText() + ": "
                                + event.path("status").asText() + " - "
                                + (event.hasNonNull("error") ? event.path("error").asText() : event.path("output").asText()));
                    }
                });
        JsonNode ended = Rest.poll("the incident to end", Duration.ofMinutes(1),
                () -> rest.get(suite.url("decision-service") + "/api/incidents/" + incidentId, bearer(suite.operatorKey)),
                i -> i.path("status").asText().matches("RESOLVED|FAILED"));
        story.say("incident " + ended.path("status").asText());
        return new FollowedRollback(executionId, ended);
    }
}
