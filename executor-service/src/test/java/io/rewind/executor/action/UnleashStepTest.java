package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.RecordingProxy;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.UnleashResource;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code flag.disable} against a real Unleash, through {@code unleash} targets whose token is a file as a mounted Secret
 * would be: a feature created and enabled in "development" through the admin API, then turned off by a step, read back
 * from Unleash, and turned on again by compensation. The token goes to the target's URL and nowhere else.
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

    /** An unleash target on {@code url}, the default project and {@code environment}, with the token from its file. */
    private static String unleash(String url, String environment) {
        return TestTargets.define(TargetKind.UNLEASH, Map.of("url", url, "token",
                Map.of("file", UnleashResource.tokenFile().toString()), "project", "default", "environment", environment));
    }

    private static Map<String, Object> disable(String target, String feature) {
        return TestPlans.step("flag off", StepKind.FLAG_DISABLE.id(), target, Map.of("feature", feature));
    }

    private ValidatableResponse run(Map<String, Object> body) throws Exception {
        String id = start(body).statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    @Test
    void turnsTheFeatureOffAndCompensationTurnsItBackOn() throws Exception {
        String feature = featureEnabledInDevelopment();
        assertTrue(enabled(feature, "development"));

        String id = run(inline(TestPlans.newName("svc"), List.of(disable(unleash(UnleashResource.url(), "development"),
                feature))))
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
    void turningOffAndBackOnEachSendAKeyOfTheirOwnTheSameOnEveryRetry() throws Exception {
        String feature = featureEnabledInDevelopment();
        try (RecordingProxy proxy = new RecordingProxy(UnleashResource.url())) {
            // The first "off" is lost on its way (a 503 from the gateway): the client sends it again.
            proxy.failNext("POST", 1);
            String id = run(inline(TestPlans.newName("svc"), List.of(disable(unleash(proxy.url(), "development"), feature))))
                    .body("status", equalTo("SUCCEEDED")).extract().path("id");
            assertFalse(enabled(feature, "development"));
            given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                    .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200)
                    .body("steps[0].compensation.error", nullValue());
            assertTrue(enabled(feature, "development"));

            List<RecordingProxy.Request> posts = proxy.received().stream().filter(r -> r.method().equals("POST")).toList();
            String off = "rewind-executor:" + id + ":0:flag-off";
            assertEquals(List.of(off, off, "rewind-executor:" + id + ":0:flag-on"),
                    posts.stream().map(RecordingProxy.Request::idempotencyKey).toList(), posts.toString());
            assertEquals(List.of("off", "off", "on"), posts.stream().map(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
                    .toList());
            assertTrue(proxy.received().stream().filter(r -> r.method().equals("GET"))
                    .allMatch(r -> r.idempotencyKey() == null), "reads carry no key");
        }
    }

    @Test
    void aFeatureAlreadyOffIsLeftAloneAndADryRunChangesNothing() throws Exception {
        String feature = featureEnabledInDevelopment();
        run(dryRun(inline(TestPlans.newName("svc"), List.of(disable(unleash(UnleashResource.url() + "/api", "development"),
                feature)))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("would turn Unleash feature default/" + feature + " in development off"));
        assertTrue(enabled(feature, "development"));

        run(inline(TestPlans.newName("svc"), List.of(disable(unleash(UnleashResource.url(), "production"), feature))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.enabled", equalTo(false))
                .body("steps[0].output", equalTo("Unleash feature default/" + feature + " in production is off"));
        assertTrue(enabled(feature, "development"), "another environment is not touched");
    }

    @Test
    void anUnknownFeatureFailsTheStepWithUnleashsAnswer() throws Exception {
        run(inline(TestPlans.newName("svc"), List.of(disable(unleash(UnleashResource.url(), "development"),
                "no-such-feature"))))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("Unleash refused reading feature default/no-such-feature (HTTP 404"));
    }

    /**
     * A listener on 127.0.0.1 that records the {@code Authorization} header of every request and answers each with
     * {@code status}, pointing {@code Location} at {@code location} when given.
     */
    private static final class Listener implements AutoCloseable {

        private final HttpServer server;
        private final List<String> authorizations = new CopyOnWriteArrayList<>();

        Listener(int status, String location) throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (location != null) {
                    exchange.getResponseHeaders().add("Location", location + exchange.getRequestURI());
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aStepCannotSendTheTokenElsewhereNorCanARedirectTakeIt() throws Exception {
        String feature = featureEnabledInDevelopment();
        try (Listener elsewhere = new Listener(200, null)) {
            // A step that names a URL of its own is refused before anything runs.
            Map<String, Object> params = Map.of("feature", feature, "url", elsewhere.url());
            assertProblem(start(inline(TestPlans.newName("svc"), List.of(TestPlans.step("flag off",
                    StepKind.FLAG_DISABLE.id(), unleash(UnleashResource.url(), "development"), params)))), 400, "validation");

            // A target that redirects: the token reaches that URL, which an admin chose, and goes no further.
            try (Listener redirecting = new Listener(307, elsewhere.url())) {
                run(inline(TestPlans.newName("svc"), List.of(disable(unleash(redirecting.url(), "development"), feature))))
                        .body("status", equalTo("FAILED"))
                        .body("steps[0].error", containsString("with a redirect (HTTP 307), which is not followed"));
                assertFalse(redirecting.authorizations.isEmpty());
                assertEquals(List.of(UnleashResource.TOKEN), redirecting.authorizations.stream().distinct().toList());
            }

            // The real server gets it, and nothing else does.
            run(inline(TestPlans.newName("svc"), List.of(disable(unleash(UnleashResource.url(), "development"), feature))))
                    .body("status", equalTo("SUCCEEDED"));
            assertEquals(List.of(), elsewhere.authorizations, "nothing ever reached the other listener");
        }
        assertFalse(enabled(feature, "development"));
    }

    @Test
    void aTokenThatIsNotSetFailsTheStepNamingWhereItWasLookedFor() throws Exception {
        String feature = featureEnabledInDevelopment();
        String variable = "UNLEASH_TOKEN_UNSET_" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        String target = TestTargets.define(TargetKind.UNLEASH, Map.of("url", UnleashResource.url(),
                "token", Map.of("env", variable), "environment", "development"));
        run(inline(TestPlans.newName("svc"), List.of(disable(target, feature))))
                .body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("no Unleash token: environment variable " + variable + " is not set"));
        assertTrue(enabled(feature, "development"), "nothing changed");
    }
}
