package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** Analyses against a real Prometheus scraping a service with no errors and one with 20% errors. */
@QuarkusTest
class AnalysisResourceTest {

    static Map<String, Object> analysis(String service, String label) {
        Map<String, Object> metric = new HashMap<>();
        metric.put("name", "error-rate");
        metric.put("query", "sum(rate(http_requests_total{service=\"" + label + "\",code=\"500\"}[3s])) / "
                + "sum(rate(http_requests_total{service=\"" + label + "\"}[3s])) * 100");
        metric.put("successCondition", "result <= 5");
        metric.put("failureCondition", "result > 10");
        metric.put("signal", "ERROR_RATE_PERCENT");
        Map<String, Object> spec = new HashMap<>();
        spec.put("service", service);
        spec.put("release", Map.of("from", "v1", "to", "v2"));
        spec.put("interval", "PT1S");
        spec.put("count", 3);
        spec.put("consecutiveErrorLimit", 10);
        spec.put("metrics", List.of(metric));
        spec.put("incident", Map.of("severity", "P1", "usersAffectedPercent", 20, "timeToFixMinutes", 90,
                "dataMigration", "NONE", "openIssues", 1, "workaround", "NONE"));
        return spec;
    }

    static ValidatableResponse start(Map<String, Object> spec) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON).body(spec)
                .post("/api/analyses").then();
    }

    static ValidatableResponse get(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/analyses/{id}", id).then().statusCode(200);
    }

    @Test
    void anErrorRateAboveTheThresholdFailsTheAnalysisAndOpensAnIncident() {
        String service = IncidentResourceTest.newService();
        String id = start(analysis(service, "bad")).statusCode(201).body("phase", equalTo("RUNNING")).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> get(id)
                .body("phase", equalTo("FAILED"))
                .body("message", containsString("error-rate failed"))
                .body("incidentId", notNullValue())
                .body("measurements.phase", hasItem("FAILED")));
        String incident = get(id).extract().path("incidentId");
        double measured = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", incident)
                .then().statusCode(200).extract().jsonPath().getDouble("signals.errorRatePercent");
        assertEquals(20.0, measured, 0.5, "the measured error rate is the incident's signal");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", incident).then()
                .statusCode(200)
                .body("source", equalTo("ANALYSIS"))
                .body("analysisId", equalTo(id))
                .body("service", equalTo(service))
                .body("decisionRecord.decision", equalTo("ROLLBACK"))
                .body("status", equalTo("PENDING_APPROVAL"));
    }

    @Test
    void aHealthyReleaseStaysSuccessfulAndOpensNothing() {
        String id = start(analysis(IncidentResourceTest.newService(), "good")).statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> get(id).body("phase", equalTo("SUCCESSFUL")));
        get(id).body("incidentId", nullValue())
                .body("roundsTaken", equalTo(3))
                .body("measurements.phase", everyItem(org.hamcrest.Matchers.oneOf("SUCCESSFUL", "ERROR")))
                .body("measurements.findAll { it.phase == 'SUCCESSFUL' }.size()", greaterThanOrEqualTo(1));
    }

    @Test
    void eachRoundIsMeasuredOnce() throws Exception {
        String id = start(analysis(IncidentResourceTest.newService(), "good")).statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> get(id).body("phase", equalTo("SUCCESSFUL")));
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT round) FROM decision.measurements WHERE analysis_id = '" + id + "'")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
            assertEquals(3, rs.getInt(2));
        }
    }

    @Test
    void badSpecsAre400sNamingTheField() {
        Map<String, Object> spec = analysis("checkout", "good");
        @SuppressWarnings("unchecked")
        Map<String, Object> metric = (Map<String, Object>) ((List<Object>) spec.get("metrics")).get(0);
        metric.put("failureCondition", "result is bad");
        assertProblem(start(spec), 400, "validation").body("errors[0].field", equalTo("metrics[0].failureCondition"));
        spec = analysis("checkout", "good");
        spec.put("interval", "PT0.1S");
        assertProblem(start(spec), 400, "validation").body("errors[0].field", equalTo("interval"));
        spec = analysis("checkout", "good");
        spec.put("count", 0);
        assertProblem(start(spec), 400, "validation").body("errors[0].field", equalTo("count"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON)
                .body(analysis("checkout", "good")).post("/api/analyses").then(), 403, "forbidden");
    }

    /** A spec measured once an hour: it stays RUNNING, holding its place in the queue, until {@link #end} ends it. */
    static Map<String, Object> hourly(String service, String release) {
        Map<String, Object> spec = analysis(service, "good");
        spec.put("interval", "PT1H");
        spec.put("count", 2);
        spec.put("release", Map.of("from", "v1", "to", release));
        return spec;
    }

    /** Ends analyses a test started, so that they no longer count as queued for the tests after it. */
    static void end(List<String> ids) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement("UPDATE decision.analyses "
                + "SET phase = 'INCONCLUSIVE', next_measurement_at = NULL, ended_at = now(), message = 'ended by the test' "
                + "WHERE id = ?::uuid")) {
            for (String id : ids) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
    }

    static int rows(String service) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(service == null ? "SELECT count(*) FROM decision.analyses"
                        : "SELECT count(*) FROM decision.analyses WHERE service = ?")) {
            if (service != null) {
                s.setString(1, service);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aRequestForAServiceAndReleaseAlreadyBeingAnalysedIsThatAnalysisNotANewOne() throws Exception {
        String service = IncidentResourceTest.newService();
        List<String> started = new ArrayList<>();
        try {
            String id = start(hourly(service, "v2")).statusCode(201).extract().path("id");
            started.add(id);
            start(hourly(service, "v2")).statusCode(200)
                    .header("Location", endsWith("/api/analyses/" + id))
                    .body("id", equalTo(id))
                    .body("phase", equalTo("RUNNING"));
            given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                    .body(hourly(service, "v2")).post("/api/analyses").then().statusCode(200).body("id", equalTo(id));
            assertEquals(1, rows(service), "nothing new was queued");

            String otherRelease = start(hourly(service, "v3")).statusCode(201).extract().path("id");
            started.add(otherRelease);
            assertNotEquals(id, otherRelease, "another release of the service is another analysis");
            assertEquals(2, rows(service));
        } finally {
            end(started);
        }
        String again = start(hourly(service, "v2")).statusCode(201).extract().path("id");
        end(List.of(again));
        assertNotEquals(started.get(0), again, "once the first has ended, a request starts a new analysis");
    }

    @Test
    void beyondTheCapOfQueuedAnalysesARequestIsA429WithRetryAfterAndQueuesNothing() throws Exception {
        List<String> started = new ArrayList<>();
        List<String> services = new ArrayList<>();
        boolean refused = false;
        try {
            // The test profile's cap is 10; whatever other tests left queued counts too, so fill up to it.
            for (int i = 0; i < 50 && !refused; i++) {
                String service = IncidentResourceTest.newService();
                int before = rows(null);
                ValidatableResponse answer = start(hourly(service, "v2"));
                if (answer.extract().statusCode() == 429) {
                    assertProblem(answer, 429, "too-many-requests")
                            .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                            .body("detail", containsString("At most 10 analyses"));
                    assertEquals(before, rows(null), "the refused request queued nothing");
                    assertEquals(0, rows(service));
                    refused = true;
                } else {
                    started.add(answer.statusCode(201).extract().path("id"));
                    services.add(service);
                }
            }
            assertTrue(refused, "requests beyond the cap are refused");
            assertTrue(started.size() <= 10, "no more than the cap was queued: " + started.size());
            // A request for an analysis already queued adds nothing, so it is answered even at the cap.
            start(hourly(services.get(0), "v2")).statusCode(200).body("id", equalTo(started.get(0)));
        } finally {
            end(started);
        }
        String id = start(hourly(IncidentResourceTest.newService(), "v2")).statusCode(201).extract().path("id");
        end(List.of(id));
    }
}
