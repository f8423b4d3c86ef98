package io.rewind.decision.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.decision.JsonApiServer;

/**
 * Analyses whose metrics come from a web provider: a metric source an admin configured, asked at a path under it, the
 * value read by JSONPath from answers shaped as Datadog's, New Relic's and Sentry's. They measure, succeed, fail and
 * open incidents like Prometheus metrics; a metric cannot name a URL, a host or a path outside its source.
 */
@QuarkusTest
class WebAnalysisTest {

    private static final String KEY = "dd-api-key-90ac";
    static final String DATADOG = "{\"status\": \"ok\", \"res_type\": \"time_series\", \"series\": [{\"metric\": "
            + "\"trace.http.request.errors\", \"scope\": \"service:checkout\", \"pointlist\": [[1700000100000.0, 0.5], "
            + "[1700000160000.0, 2.75]]}], \"from_date\": 1700000000000, \"to_date\": 1700000300000}";
    static final String NEW_RELIC = "{\"data\": {\"actor\": {\"account\": {\"nrql\": {\"results\": [{\"percentage\": %s}]}}}}}";
    static final String SENTRY = "{\"start\": \"2026-12-05T07:00:00Z\", \"end\": \"2026-12-05T08:00:00Z\", "
            + "\"groups\": [{\"by\": {\"outcome\": \"accepted\"}, \"totals\": {\"sum(quantity)\": 165}}, "
            + "{\"by\": {\"outcome\": \"filtered\"}, \"totals\": {\"sum(quantity)\": 12}}]}";

    @TempDir
    Path secrets;

    private String source;
    private JsonApiServer api;

    @BeforeEach
    void defineSource() throws Exception {
        api = new JsonApiServer()
                .answer("/api/v1/query", DATADOG)
                .answer("/graphql", NEW_RELIC.formatted(1.5))
                .answer("/graphql/baseline", NEW_RELIC.formatted(1.0))
                .answer("/api/0/organizations/shop/stats_v2/", SENTRY);
        Path keyFile = secrets.resolve("dd-api-key");
        Files.writeString(keyFile, KEY + "\n");
        source = MetricSourceResourceTest.newName();
        MetricSourceResourceTest.put(Role.ADMIN, source, Map.of("kind", "web", "baseUrl", api.url(),
                "headers", Map.of("DD-API-KEY", Map.of("file", keyFile.toString())))).statusCode(201);
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        api.close();
    }

    private static Map<String, Object> analysis(String service, Map<String, Object> metric) {
        Map<String, Object> spec = AnalysisResourceTest.analysis(service, "good");
        spec.put("count", 2);
        spec.put("consecutiveErrorLimit", 1);
        spec.put("metrics", List.of(metric));
        return spec;
    }

    private Map<String, Object> metric(Map<String, Object> web, Object... rest) {
        Map<String, Object> provider = new HashMap<>(web);
        provider.putIfAbsent("source", source);
        Map<String, Object> metric = new HashMap<>();
        metric.put("name", "errors");
        metric.put("provider", Map.of("web", provider));
        for (int i = 0; i < rest.length; i += 2) {
            metric.put((String) rest[i], rest[i + 1]);
        }
        return metric;
    }

    private static String startedId(Map<String, Object> spec) {
        return AnalysisResourceTest.start(spec).statusCode(201).extract().path("id");
    }

    private static int analysesOf(String service) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM decision.analyses WHERE service = ?")) {
            s.setString(1, service);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void datadogsLastPointWithinTheConditionSucceedsAndTheKeyGoesToTheSource() {
        String id = startedId(analysis(IncidentResourceTest.newService(), metric(Map.of(
                "path", "/api/v1/query?from={{now-5m}}&to={{now}}",
                "query", Map.of("query", "sum:trace.http.request.errors{service:checkout}.as_rate()"),
                "jsonPath", "$.series[0].pointlist[-1][1]"), "successCondition", "result < 5")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> AnalysisResourceTest.get(id)
                .body("phase", equalTo("SUCCESSFUL")));
        AnalysisResourceTest.get(id).body("incidentId", nullValue())
                .body("measurements.value", everyItem(equalTo(2.75f)))
                .body("measurements.message", hasItem("2.75 meets result < 5"))
                .body(not(containsString(KEY)));
        assertTrue(api.received().size() >= 2);
        api.received().forEach(request -> {
            assertEquals(KEY, request.headers().get("dd-api-key"), "the key as configured, read from its file");
            assertTrue(request.target().matches("/api/v1/query\\?from=\\d{10}&to=\\d{10}&query=sum%3Atrace.*"),
                    request.target());
        });
    }

    @Test
    void sentrysCountAboveTheFailureConditionFailsAndOpensAnIncident() {
        String service = IncidentResourceTest.newService();
        String id = startedId(analysis(service, metric(Map.of("path", "/api/0/organizations/shop/stats_v2/",
                "query", Map.of("field", "sum(quantity)", "groupBy", "outcome", "category", "error", "statsPeriod", "1h"),
                "jsonPath", "$.groups[?(@.by.outcome == 'accepted')].totals['sum(quantity)']"),
                "failureCondition", "result > 100")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> AnalysisResourceTest.get(id)
                .body("phase", equalTo("FAILED"))
                .body("incidentId", notNullValue())
                .body("measurements.message", hasItem("165 meets the failure condition result > 100")));
    }

    @Test
    void newRelicsNrqlByPostAgainstItsBaselineFails() {
        String nrql = "{ actor { account(id: 1) { nrql(query: \"SELECT percentage(count(*), WHERE error IS true) "
                + "FROM Transaction SINCE 5 minutes ago\") { results } } } }";
        String id = startedId(analysis(IncidentResourceTest.newService(), metric(Map.of("path", "/graphql",
                "method", "POST", "body", Map.of("query", nrql), "jsonPath", "$.data.actor.account.nrql.results[0].percentage"),
                "baseline", Map.of("path", "/graphql/baseline", "maxIncreasePercent", 10))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> AnalysisResourceTest.get(id)
                .body("phase", equalTo("FAILED"))
                .body("measurements.message", hasItem("1.5 vs baseline 1 (+50%, more than +10%)"))
                .body("measurements.baseline", hasItem(1.0f)));
        assertTrue(api.received().stream().allMatch(r -> r.method().equals("POST") && r.body().contains("SELECT percentage")));
    }

    @Test
    void anUnknownSourceOrAPathOutsideItIsA400AndNothingIsStoredOrAsked() throws Exception {
        String service = IncidentResourceTest.newService();
        assertProblem(AnalysisResourceTest.start(analysis(service, metric(Map.of("source", "nobody-configured-this",
                "path", "/api/v1/query", "jsonPath", "$.a"), "successCondition", "result < 5"))), 400, "validation")
                .body("errors.field", hasItem("metrics[0].provider.web.source"));
        for (String path : List.of("http://127.0.0.2:9/api", "//127.0.0.2/x", "/../x", "/api/%2e%2e/x", "/a%2F..%2Fx",
                "api/v1/query", "/a\\..\\x", "@evil.example/x")) {
            assertProblem(AnalysisResourceTest.start(analysis(service, metric(Map.of("path", path, "jsonPath", "$.a"),
                    "successCondition", "result < 5"))), 400, "validation")
                    .body("errors.field", hasItem("metrics[0].provider.web.path"));
        }
        assertProblem(AnalysisResourceTest.start(analysis(service, metric(Map.of("path", "/x", "jsonPath", "$.a.."),
                "query", "up", "baseline", Map.of("path", "/../b", "maxIncreasePercent", 5)))), 400, "validation")
                .body("errors.field", hasItem("metrics[0].provider"))
                .body("errors.field", hasItem("metrics[0].provider.web.jsonPath"))
                .body("errors.field", hasItem("metrics[0].baseline.path"));
        assertEquals(0, analysesOf(service), "nothing was stored");
        assertEquals(List.of(), api.received(), "nothing was asked");
    }

    @Test
    void anUnreachableSourceIsAnErrorSayingSo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String closed = MetricSourceResourceTest.newName();
        MetricSourceResourceTest.put(Role.ADMIN, closed, Map.of("kind", "web", "baseUrl", "http://127.0.0.1:" + port,
                "timeoutSeconds", 2)).statusCode(201);
        String id = startedId(analysis(IncidentResourceTest.newService(), metric(Map.of("source", closed,
                "path", "/api/v1/query", "jsonPath", "$.a"), "successCondition", "result < 5")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> AnalysisResourceTest.get(id)
                .body("phase", equalTo("ERROR"))
                .body("measurements.message", everyItem(equalTo("GET http://127.0.0.1:" + port
                        + "/api/v1/query is unreachable (connection refused or no route)"))));
    }
}
