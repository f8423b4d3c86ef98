package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code verify.metric} on a {@code web} target: a real HTTP server on 127.0.0.1 answering as Datadog's metrics query
 * API, New Relic's NerdGraph and Sentry's organization stats do. The API key is read from a file and must reach that
 * server only, as configured.
 */
@QuarkusTest
class WebMetricStepTest {

    private static final String KEY = "dd-api-key-41b7";
    private static final String DATADOG = "{\"status\": \"ok\", \"res_type\": \"time_series\", \"series\": [{\"metric\": "
            + "\"trace.http.request.errors\", \"scope\": \"service:checkout\", \"pointlist\": [[1700000100000.0, 0.5], "
            + "[1700000160000.0, 2.75]]}], \"from_date\": 1700000000000, \"to_date\": 1700000300000}";
    private static final String NEW_RELIC = "{\"data\": {\"actor\": {\"account\": {\"nrql\": {\"results\": "
            + "[{\"percentage\": %s}]}}}}}";
    private static final String SENTRY = "{\"start\": \"2026-12-05T07:00:00Z\", \"end\": \"2026-12-05T08:00:00Z\", "
            + "\"groups\": [{\"by\": {\"outcome\": \"accepted\"}, \"totals\": {\"sum(quantity)\": 165}}, "
            + "{\"by\": {\"outcome\": \"filtered\"}, \"totals\": {\"sum(quantity)\": 12}}]}";
    private static final String DATADOG_PATH = "$.series[0].pointlist[-1][1]";

    @Inject
    ExecutionWorker worker;

    @TempDir
    Path secrets;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    /** A web target at {@code server}, its API key read from a file. */
    private String datadog(LocalHttpServer server) throws Exception {
        Path keyFile = secrets.resolve("dd-api-key");
        Files.writeString(keyFile, KEY + "\n");
        return TestTargets.web(server.url(""), Map.of("DD-API-KEY", Map.of("file", keyFile.toString()),
                "Accept", Map.of("value", "application/json")));
    }

    private static Map<String, Object> metric(String target, String timeout, Object... params) {
        return MetricStepTest.metricOn(target, timeout, params);
    }

    private ValidatableResponse run(Map<String, Object> step) throws Exception {
        return MetricStepTest.run(worker, step);
    }

    @Test
    void datadogsLastPointWithinTheThresholdPassesAndTheKeyGoesToItsTarget() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(DATADOG))) {
            String target = datadog(server);
            run(metric(target, null, "path", "/api/v1/query?from={{now-5m}}&to={{now}}",
                    "query", Map.of("query", "sum:trace.http.request.errors{service:checkout}.as_rate()"),
                    "jsonPath", DATADOG_PATH, "threshold", 5, "operator", "lt"))
                    .body("status", equalTo("SUCCEEDED"))
                    .body("steps[0].after.value", equalTo(2.75f))
                    .body("steps[0].after.limit", equalTo(5.0f))
                    .body("steps[0].output", equalTo("measured 2.75 for GET " + server.url("")
                            + "/api/v1/query?from={{now-5m}}&to={{now}} with query {query=sum:trace.http.request.errors"
                            + "{service:checkout}.as_rate()}, value at " + DATADOG_PATH))
                    .body(not(containsString(KEY)));
            assertEquals(1, server.requests());
            LocalHttpServer.Request request = server.received().get(0);
            assertEquals(KEY, request.header("DD-API-KEY"));
            assertEquals("application/json", request.header("Accept"));
            String asked = URLDecoder.decode(request.pathAndQuery(), StandardCharsets.UTF_8);
            assertTrue(asked.matches("/api/v1/query\\?from=\\d{10}&to=\\d{10}&query=sum:trace\\.http\\.request\\.errors"
                    + "\\{service:checkout}\\.as_rate\\(\\)"), asked);
        }
    }

    @Test
    void sentrysCountAboveTheThresholdFailsWithTheMeasuredValue() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(SENTRY))) {
            run(metric(datadog(server), null, "path", "/api/0/organizations/shop/stats_v2/",
                    "query", Map.of("field", "sum(quantity)", "groupBy", "outcome", "category", "error", "statsPeriod", "1h"),
                    "jsonPath", "$.groups[?(@.by.outcome == 'accepted')].totals['sum(quantity)']",
                    "threshold", 100, "operator", "le"))
                    .body("status", equalTo("FAILED"))
                    .body("reason", equalTo("step 'error ratio' (verify.metric) failed: verification failed: "
                            + "value 165 is not at most the threshold 100"))
                    .body("steps[0].after.value", equalTo(165.0f));
        }
    }

    @Test
    void newRelicsNrqlByPostAgainstABaseline() throws Exception {
        String nrql = "{ actor { account(id: 1) { nrql(query: \"SELECT percentage(count(*), WHERE error IS true) "
                + "FROM Transaction SINCE 5 minutes ago\") { results } } } }";
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(NEW_RELIC.formatted(1.5)),
                Answer.json(NEW_RELIC.formatted(1.0)))) {
            run(metric(datadog(server), null, "path", "/graphql", "method", "POST", "body", Map.of("query", nrql),
                    "jsonPath", "$.data.actor.account.nrql.results[0].percentage", "baselinePath", "/graphql?baseline",
                    "maxIncreasePercent", 10))
                    .body("status", equalTo("FAILED"))
                    .body("reason", containsString("value 1.5 exceeds the baseline 1 + 10% (limit 1.1)"))
                    .body("steps[0].after.baseline", equalTo(1.0f));
            assertEquals(List.of("POST", "POST"), server.received().stream().map(LocalHttpServer.Request::method).toList());
            assertEquals(List.of("/graphql", "/graphql?baseline"),
                    server.received().stream().map(LocalHttpServer.Request::pathAndQuery).toList());
        }
    }

    @Test
    void answersWithoutANumberWaitThenFailSayingWhy() throws Exception {
        Map<Answer, String> answers = Map.of(
                new Answer(500, "{\"errors\": [\"boom\"]}"), "answered HTTP 500",
                new Answer(200, "<html>maintenance</html>", Map.of("Content-Type", "text/html")),
                "with something that is not JSON (content type text/html)",
                Answer.json("{\"series\": []}"), "JSONPath " + DATADOG_PATH + " matched nothing in the answer",
                Answer.json("{\"series\": [{\"pointlist\": [[1, \"n/a\"]]}]}"), "matched the text 'n/a', not a number");
        for (Map.Entry<Answer, String> answer : answers.entrySet()) {
            try (LocalHttpServer server = new LocalHttpServer(answer.getKey())) {
                run(metric(datadog(server), "PT1S", "path", "/api/v1/query", "jsonPath", DATADOG_PATH,
                        "threshold", 5, "operator", "lt"))
                        .body("status", equalTo("FAILED"))
                        .body("reason", containsString("timed out after PT1S"))
                        .body("reason", containsString(answer.getValue()));
            }
        }
    }

    @Test
    void anUnreachableTargetFailsTheStepSayingSo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String target = TestTargets.web("http://127.0.0.1:" + port, Map.of());
        run(metric(target, "PT1S", "path", "/api/v1/query", "jsonPath", DATADOG_PATH, "threshold", 5, "operator", "lt"))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("GET http://127.0.0.1:" + port
                        + "/api/v1/query is unreachable (connection refused or no route)"));
    }

    @Test
    void aKeyThatCannotBeReadFailsAtOnceNamingItsReferenceAndAsksNothing() throws Exception {
        Path missing = secrets.resolve("not-mounted");
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(DATADOG))) {
            String target = TestTargets.web(server.url(""), Map.of("DD-API-KEY", Map.of("file", missing.toString())));
            run(metric(target, null, "path", "/api/v1/query", "jsonPath", DATADOG_PATH, "threshold", 5, "operator", "lt"))
                    .body("status", equalTo("FAILED"))
                    .body("steps[0].error", containsString("web target '" + target + "': header DD-API-KEY is read from "
                            + "file " + missing + ", which is not set, unreadable or empty; nothing was asked"));
            assertEquals(0, server.requests());
        }
    }

    @Test
    void aDryRunSaysWhatItWouldAskAndAsksOnlyByGet() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(DATADOG))) {
            String target = datadog(server);
            String id = start(dryRun(inline(TestPlans.newName("svc"), List.of(metric(target, null, "path", "/api/v1/query",
                    "jsonPath", DATADOG_PATH, "threshold", 1, "operator", "lt"))))).statusCode(202).extract().path("id");
            runToEnd(worker, id).body("status", equalTo("SUCCEEDED")).body("steps[0].output", equalTo("would check that GET "
                    + server.url("") + "/api/v1/query, value at " + DATADOG_PATH + " is below 1 (now value 2.75 is not "
                    + "below the threshold 1)"));
            assertEquals(1, server.requests());

            id = start(dryRun(inline(TestPlans.newName("svc"), List.of(metric(target, null, "path", "/graphql",
                    "method", "POST", "body", Map.of("query", "{ actor { user { name } } }"), "jsonPath", "$.data.x",
                    "threshold", 1, "operator", "lt"))))).statusCode(202).extract().path("id");
            runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                    .body("steps[0].output", containsString("(not called in a dry run: the method is POST)"));
            assertEquals(1, server.requests(), "the POST was not sent");
        }
    }

    @Test
    void aStepCannotLeaveItsTargetNorNameAServerOrAHeader() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Answer.json(DATADOG));
                LocalHttpServer elsewhere = new LocalHttpServer(Answer.json(DATADOG))) {
            String target = datadog(server);
            for (String path : List.of(elsewhere.url("/api/v1/query"), "//127.0.0.1:" + elsewhere.port() + "/x",
                    "/../x", "/api/%2e%2e/%2e%2e/x", "/api%2F..%2Fx", "api/v1/query", "/a\\..\\x")) {
                String service = TestPlans.newName("svc");
                start(inline(service, List.of(metric(target, null, "path", path, "jsonPath", DATADOG_PATH,
                        "threshold", 5, "operator", "lt")))).statusCode(400)
                        .body("errors.field", hasItem("steps[0].params.path"));
                assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
            }
            String service = TestPlans.newName("svc");
            start(inline(service, List.of(metric(target, null, "path", "/api/v1/query", "jsonPath", DATADOG_PATH,
                    "threshold", 5, "operator", "lt", "baseUrl", elsewhere.url(""), "headers", Map.of("DD-API-KEY", "x"),
                    "baselinePath", "/../x")))).statusCode(400)
                    .body("errors.field", hasItem("steps[0].params.baseUrl"))
                    .body("errors.field", hasItem("steps[0].params.headers"))
                    .body("errors.field", hasItem("steps[0].params.baselinePath"));
            start(inline(service, List.of(metric(target, null, "query", "sum(errors)", "threshold", 5,
                    "operator", "lt")))).statusCode(400)
                    .body("errors.find { it.field == 'steps[0].params' }.message",
                            containsString("a web target is asked by path and jsonPath"));
            start(inline(service, List.of(metric(target, null, "path", "/x", "jsonPath", "$.a[?(", "threshold", 5,
                    "operator", "lt")))).statusCode(400)
                    .body("errors.find { it.field == 'steps[0].params.jsonPath' }.message",
                            containsString("is not a JSONPath"));
            assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
            assertEquals(0, server.requests());
            assertEquals(0, elsewhere.requests());
        }
    }

    @Test
    void anAdminGivesKeysByReferenceAndViewersSeeOnlyTheReference() throws Exception {
        String name = TestPlans.newName("datadog");
        Map<String, Object> literal = Map.of("kind", "web", "spec", Map.of("baseUrl", "https://api.datadoghq.com",
                "headers", Map.of("DD-API-KEY", Map.of("value", KEY), "Host", Map.of("value", "evil.example"))));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(literal)
                .put("/api/targets/{name}", name).then().statusCode(400)
                .body("errors.field", hasItem("spec.headers.DD-API-KEY"))
                .body("errors.field", hasItem("spec.headers.Host"))
                .body(not(containsString(KEY)));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", name).then().statusCode(404);

        Path keyFile = secrets.resolve("dd-api-key");
        Files.writeString(keyFile, KEY);
        String target = TestTargets.web("https://api.datadoghq.com", Map.of(
                "DD-API-KEY", Map.of("file", keyFile.toString()), "DD-APPLICATION-KEY", Map.of("env", "DD_APP_KEY_UNSET")));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", target).then()
                .statusCode(200)
                .body("kind", equalTo("web"))
                .body("spec.headers.DD-API-KEY.file", equalTo(keyFile.toString()))
                .body("secrets.find { it.field == 'headers.DD-API-KEY' }.resolvable", equalTo(true))
                .body("secrets.find { it.field == 'headers.DD-APPLICATION-KEY' }.reference.env", equalTo("DD_APP_KEY_UNSET"))
                .body("secrets.find { it.field == 'headers.DD-APPLICATION-KEY' }.resolvable", equalTo(false))
                .body(not(containsString(KEY)));
    }
}
