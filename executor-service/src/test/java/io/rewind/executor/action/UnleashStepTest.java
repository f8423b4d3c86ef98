package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.UnleashResource;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code flag.disable} against a real Unleash: a feature created and enabled in "development" through the admin API, then
 * turned off by a step, read back from Unleash, and turned on again by compensation.
 */
@QuarkusTest
@WithTestResource(UnleashResource.class)
class UnleashStepTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(UnleashResource.url() + path))
                .header("Authorization", UnleashResource.TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response;
    }

    /** A new feature in the default project, enabled in development only. */
    private static String featureEnabledInDevelopment() throws Exception {
        String feature = TestPlans.newName("new-cart");
        admin("POST", "/api/admin/projects/default/features", "{\"name\": \"" + feature + "\", \"type\": \"release\"}");
        admin("POST", "/api/admin/projects/default/features/" + feature + "/environments/development/strategies",
                "{\"name\": \"default\", \"constraints\": [], \"parameters\": {}}");
        admin("POST", "/api/admin/projects/default/features/" + feature + "/environments/development/on", null);
        return feature;
    }

    private boolean enabled(String feature, String environment) throws Exception {
        JsonNode body = json.readTree(admin("GET", "/api/admin/projects/default/features/" + feature, null).body());
        for (JsonNode env : body.get("environments")) {
            if (env.get("name").asText().equals(environment)) {
                return env.get("enabled").asBoolean();
            }
        }
        throw new AssertionError("no environment " + environment + " in " + body);
    }

    private static Map<String, Object> disable(String feature, String environment) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("provider", "unleash");
        params.put("feature", feature);
        params.put("url", UnleashResource.url());
        params.put("project", "default");
        params.put("environment", environment);
        return TestPlans.step("flag off", StepKind.FLAG_DISABLE.id(), params);
    }

    private ValidatableResponse run(Map<String, Object> body) throws Exception {
        String id = start(body).statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    @Test
    void turnsTheFeatureOffAndCompensationTurnsItBackOn() throws Exception {
        String feature = featureEnabledInDevelopment();
        assertTrue(enabled(feature, "development"));

        String id = run(inline(TestPlans.newName("svc"), List.of(disable(feature, "development"))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.enabled", equalTo(true))
                .body("steps[0].after.enabled", equalTo(false))
                .body("steps[0].output", equalTo("turned Unleash feature default/" + feature + " in development off"))
                .extract().path("id");
        assertFalse(enabled(feature, "development"));

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200)
                .body("steps[0].compensation.output", equalTo("turned Unleash feature default/" + feature + " in development on"))
                .body("steps[0].compensation.error", nullValue());
        assertTrue(enabled(feature, "development"));
    }

    @Test
    void aFeatureAlreadyOffIsLeftAloneAndADryRunChangesNothing() throws Exception {
        String feature = featureEnabledInDevelopment();
        run(dryRun(inline(TestPlans.newName("svc"), List.of(disable(feature, "development")))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("would turn Unleash feature default/" + feature + " in development off"));
        assertTrue(enabled(feature, "development"));

        run(inline(TestPlans.newName("svc"), List.of(disable(feature, "production"))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.enabled", equalTo(false))
                .body("steps[0].output", equalTo("Unleash feature default/" + feature + " in production is off"));
        assertTrue(enabled(feature, "development"), "another environment is not touched");
    }

    @Test
    void anUnknownFeatureFailsTheStepWithUnleashsAnswer() throws Exception {
        run(inline(TestPlans.newName("svc"), List.of(disable("no-such-feature", "development"))))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("Unleash refused reading feature default/no-such-feature (HTTP 404"));
    }
}
