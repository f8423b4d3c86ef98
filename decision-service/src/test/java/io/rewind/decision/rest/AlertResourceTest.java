package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** Alertmanager's webhook notifications (payload version 4) as Alertmanager sends them, and what they become. */
@QuarkusTest
class AlertResourceTest {

    static Map<String, Object> alert(String status, String fingerprint, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, Object> alert = new HashMap<>();
        alert.put("status", status);
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", "2026-03-01T10:00:00Z");
        alert.put("endsAt", status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-03-01T10:20:00Z");
        alert.put("generatorURL", "http://prometheus.example/graph?g0.expr=up");
        alert.put("fingerprint", fingerprint);
        return alert;
    }

    static Map<String, Object> notification(String groupKey, List<Map<String, Object>> alerts) {
        Map<String, Object> body = new HashMap<>();
        body.put("version", "4");
        body.put("groupKey", groupKey);
        body.put("truncatedAlerts", 0);
        body.put("status", alerts.stream().anyMatch(a -> "firing".equals(a.get("status"))) ? "firing" : "resolved");
        body.put("receiver", "rewind");
        body.put("groupLabels", Map.of());
        body.put("commonLabels", Map.of());
        body.put("commonAnnotations", Map.of());
        body.put("externalURL", "http://alertmanager.example");
        body.put("alerts", alerts);
        return body;
    }

    static ValidatableResponse post(String bearer, Object body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/api/alerts/alertmanager").then();
    }

    static ValidatableResponse send(Map<String, Object> body) {
        return post(TestKeys.bearer(Role.OPERATOR), body);
    }

    static String fingerprint() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static Map<String, String> labels(String service, String severity) {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", "CheckoutErrors");
        labels.put("service", service);
        if (severity != null) {
            labels.put("severity", severity);
        }
        return labels;
    }

    static JsonPath incidentsOf(String service) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?service={s}", service)
                .then().statusCode(200).extract().jsonPath();
    }

    static List<String> timelineKinds(String incidentId) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", incidentId)
                .then().statusCode(200).extract().jsonPath().getList("entries.findAll { it.source == 'decision-service' }.kind");
    }

    static String timelineDetail(String incidentId, String kind) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", incidentId)
                .then().statusCode(200).extract().jsonPath().getString("entries.find { it.kind == '" + kind + "' }.detail");
    }

    static long rows(String sql, String value) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void nothingStored(String fingerprint, String service) throws Exception {
        assertEquals(0, rows("SELECT count(*) FROM decision.alerts WHERE fingerprint = ?", fingerprint));
        assertEquals(0, rows("SELECT count(*) FROM decision.incidents WHERE service = ?", service));
    }

    @Test
    void labelsAndAnnotationsBecomeTheIncidentsSignals() {
        String service = IncidentResourceTest.newService();
        String fp = fingerprint();
        Map<String, String> annotations = Map.of("summary", "Checkout fails for one in eight", "description",
                "5xx above 10% for 2 minutes", "error_rate_percent", "12.5", "users_affected_percent", "20",
                "time_to_fix_minutes", "90", "latency_degradation_percent", "35", "crash", "false");
        Map<String, String> labels = labels(service, "critical");
        labels.put("data_corruption", "true");
        String id = send(notification("{}:{service=\"" + service + "\"}", List.of(alert("firing", fp, labels, annotations))))
                .statusCode(200).body("alerts", equalTo(1)).body("outcomes[0].result", equalTo("OPENED"))
                .body("outcomes[0].notes", hasSize(0)).extract().path("outcomes[0].incidentId");

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then().statusCode(200)
                .body("service", equalTo(service))
                .body("source", equalTo("ALERT"))
                .body("title", equalTo("Checkout fails for one in eight"))
                .body("decisionRecord.detectedAt", containsString("2026-03-01T10:00"))
                .body("signals.severity", equalTo("P1"))
                .body("signals.errorRatePercent", equalTo(12.5f))
                .body("signals.usersAffectedPercent", equalTo(20.0f))
                .body("signals.timeToFixMinutes", equalTo(90))
                .body("signals.latencyDegradationPercent", equalTo(35.0f))
                .body("signals.crash", equalTo(false))
                .body("signals.dataCorruption", equalTo(true))
                .body("signals.securityBreach", nullValue())
                .body("release", nullValue());
        assertEquals(List.of("DETECTED", "DECIDED", "ALERT_RECEIVED"), timelineKinds(id).stream()
                .filter(k -> !k.equals("APPROVED")).toList());
        org.hamcrest.MatcherAssert.assertThat(timelineDetail(id, "ALERT_RECEIVED"),
                containsString("5xx above 10% for 2 minutes"));
    }

    @Test
    void severityNamesMapToTheRunbooksGrades() {
        for (String[] pair : new String[][] { { "P0", "P0" }, { "p2", "P2" }, { "page", "P1" }, { "warning", "P2" },
                { "info", "P3" } }) {
            String service = IncidentResourceTest.newService();
            String id = send(notification("g-" + service, List.of(alert("firing", fingerprint(), labels(service, pair[0]),
                    Map.of())))).statusCode(200).extract().path("outcomes[0].incidentId");
            given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then()
                    .body("signals.severity", equalTo(pair[1])).body("title", equalTo("CheckoutErrors on " + service));
        }
    }

    @Test
    void aValueTheConventionCannotUseIsNotedAndLeftOutNotRefused() {
        String service = IncidentResourceTest.newService();
        Map<String, String> annotations = Map.of("error_rate_percent", "lots", "time_to_fix_minutes", "1.5",
                "users_affected_percent", "140", "security_breach", "maybe");
        String id = send(notification("g-" + service, List.of(alert("firing", fingerprint(), labels(service, "sev1"),
                annotations)))).statusCode(200)
                .body("outcomes[0].result", equalTo("OPENED"))
                .body("outcomes[0].notes", hasSize(5))
                .body("outcomes[0].notes", hasItem(containsString("error_rate_percent 'lots' is not a number")))
                .extract().path("outcomes[0].incidentId");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then()
                .body("signals.severity", nullValue()).body("signals.errorRatePercent", nullValue())
                .body("signals.usersAffectedPercent", nullValue()).body("signals.timeToFixMinutes", nullValue())
                .body("signals.securityBreach", nullValue())
                .body("decisionRecord.decision", equalTo("INCONCLUSIVE"));
        String detail = timelineDetail(id, "ALERT_RECEIVED");
        org.hamcrest.MatcherAssert.assertThat(detail, containsString("severity 'sev1' is none of P0..P3"));
        org.hamcrest.MatcherAssert.assertThat(detail, containsString("users_affected_percent '140'"));
    }

    @Test
    void anAlertWithoutAServiceIsRecordedButOpensNothing() throws Exception {
        String fp = fingerprint();
        Map<String, String> labels = new HashMap<>(Map.of("alertname", "DiskFull"));
        send(notification("g-none", List.of(alert("firing", fp, labels, Map.of())))).statusCode(200)
                .body("outcomes[0].result", equalTo("RECORDED")).body("outcomes[0].incidentId", nullValue())
                .body("outcomes[0].notes[0]", containsString("no 'service' label"));
        labels.put("service", "Not A Service!");
        String other = fingerprint();
        send(notification("g-none", List.of(alert("firing", other, labels, Map.of())))).statusCode(200)
                .body("outcomes[0].result", equalTo("RECORDED"))
                .body("outcomes[0].notes[0]", containsString("must be a DNS label"));
        assertEquals(1, rows("SELECT count(*) FROM decision.alerts WHERE fingerprint = ? AND incident_id IS NULL", fp));
    }

    @Test
    void repeatedNotificationsOfAFiringAlertOpenNoSecondIncident() throws Exception {
        String service = IncidentResourceTest.newService();
        String fp = fingerprint();
        Map<String, Object> body = notification("g-" + service, List.of(alert("firing", fp, labels(service, "P1"), Map.of())));
        String id = send(body).statusCode(200).body("outcomes[0].result", equalTo("OPENED"))
                .extract().path("outcomes[0].incidentId");
        send(body).statusCode(200).body("outcomes[0].result", equalTo("REPEATED")).body("outcomes[0].incidentId", equalTo(id));
        send(body).statusCode(200).body("outcomes[0].result", equalTo("REPEATED"));

        assertEquals(1, incidentsOf(service).getList("$").size());
        assertEquals(3, rows("SELECT notifications FROM decision.alerts WHERE fingerprint = ?", fp));
        org.hamcrest.MatcherAssert.assertThat(timelineKinds(id), hasItem("ALERT_REPEATED"));

        // The same alert firing again later (a new start) while the incident is open joins it.
        Map<String, Object> again = alert("firing", fp, labels(service, "P1"), Map.of());
        again.put("startsAt", "2026-03-01T11:00:00Z");
        send(notification("g-" + service, List.of(again))).statusCode(200)
                .body("outcomes[0].result", equalTo("JOINED")).body("outcomes[0].incidentId", equalTo(id));
        assertEquals(1, incidentsOf(service).getList("$").size());
    }

    @Test
    void theAlertsOfOneGroupGoToOneIncidentAndLaterOnesJoinIt() {
        String service = IncidentResourceTest.newService();
        String group = "{}/{severity=~\"P.\"}:{service=\"" + service + "\"}";
        Map<String, String> latency = labels(service, "P2");
        latency.put("alertname", "CheckoutSlow");
        var first = send(notification(group, List.of(alert("firing", fingerprint(), latency, Map.of()),
                alert("firing", fingerprint(), labels(service, "P1"), Map.of("summary", "Checkout errors")))))
                .statusCode(200).body("outcomes.result", everyItem(equalTo("OPENED"))).extract().jsonPath();
        String id = first.getString("outcomes[0].incidentId");
        assertEquals(id, first.getString("outcomes[1].incidentId"));
        // The most severe alert opened it.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then()
                .body("title", equalTo("Checkout errors")).body("signals.severity", equalTo("P1"));

        Map<String, String> third = labels(service, "P3");
        third.put("alertname", "CheckoutQueueGrowing");
        send(notification(group, List.of(alert("firing", fingerprint(), third, Map.of())))).statusCode(200)
                .body("outcomes[0].result", equalTo("JOINED")).body("outcomes[0].incidentId", equalTo(id));
        assertEquals(1, incidentsOf(service).getList("$").size());

        // Another group of the same service (another Alertmanager route) is another incident.
        String other = send(notification("other-" + group, List.of(alert("firing", fingerprint(), labels(service, "P1"),
                Map.of())))).statusCode(200).body("outcomes[0].result", equalTo("OPENED")).extract().path("outcomes[0].incidentId");
        org.hamcrest.MatcherAssert.assertThat(other, not(equalTo(id)));
    }

    @Test
    void aResolvedAlertIsRecordedOnItsIncidentWhichStaysOpen() throws Exception {
        String service = IncidentResourceTest.newService();
        String fp = fingerprint();
        String group = "g-" + service;
        String id = send(notification(group, List.of(alert("firing", fp, labels(service, "P1"), Map.of()))))
                .statusCode(200).extract().path("outcomes[0].incidentId");
        String status = incidentsOf(service).getString("[0].status");

        Map<String, Object> resolved = notification(group, List.of(alert("resolved", fp, labels(service, "P1"), Map.of())));
        send(resolved).statusCode(200).body("outcomes[0].result", equalTo("RESOLVED"))
                .body("outcomes[0].incidentId", equalTo(id));
        send(resolved).statusCode(200).body("outcomes[0].result", equalTo("REPEATED"));

        assertEquals(1L, timelineKinds(id).stream().filter("ALERT_RESOLVED"::equals).count(), "recorded once");
        org.hamcrest.MatcherAssert.assertThat(timelineDetail(id, "ALERT_RESOLVED"), containsString("2026-03-01T10:20Z"));
        assertEquals(status, incidentsOf(service).getString("[0].status"), "the incident is not resolved by the alert");
        assertEquals(1, rows("SELECT count(*) FROM decision.alerts WHERE fingerprint = ? AND status = 'RESOLVED'", fp));

        // Once the incident is resolved, the alert firing again opens a new one.
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("UPDATE decision.incidents SET status = 'RESOLVED' WHERE id = ?::uuid")) {
            s.setString(1, id);
            s.executeUpdate();
        }
        Map<String, Object> again = alert("firing", fp, labels(service, "P1"), Map.of());
        again.put("startsAt", "2026-03-02T09:00:00Z");
        String second = send(notification(group, List.of(again))).statusCode(200)
                .body("outcomes[0].result", equalTo("OPENED")).extract().path("outcomes[0].incidentId");
        org.hamcrest.MatcherAssert.assertThat(second, not(equalTo(id)));
    }

    @Test
    void aBodyThatIsNotAnAlertmanagerV4NotificationIsA400AndStoresNothing() throws Exception {
        String service = IncidentResourceTest.newService();
        String fp = fingerprint();
        Map<String, Object> v3 = notification("g", List.of(alert("firing", fp, labels(service, "P1"), Map.of())));
        v3.put("version", "3");
        assertProblem(send(v3), 400, "validation").body("errors[0].field", equalTo("version"));
        Map<String, Object> noAlerts = notification("g", List.of());
        assertProblem(send(noAlerts), 400, "validation");
        Map<String, Object> badAlert = alert("firing", "not-hex!", labels(service, "P1"), Map.of());
        badAlert.remove("startsAt");
        assertProblem(send(notification("g", List.of(badAlert))), 400, "validation")
                .body("errors.field", hasItem(containsString("fingerprint")));
        given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body("[1, 2]").post("/api/alerts/alertmanager").then().statusCode(400)
                .contentType("application/problem+json");
        nothingStored(fp, service);
    }

    @Test
    void onlyAnOperatorsKeyIsHeardAndARefusedNotificationStoresNothing() throws Exception {
        String service = IncidentResourceTest.newService();
        String fp = fingerprint();
        Map<String, Object> body = notification("g-" + service, List.of(alert("firing", fp, labels(service, "P0"), Map.of())));
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/alerts/alertmanager").then(),
                401, "unauthorized");
        assertProblem(post("Bearer not-a-key", body), 401, "unauthorized");
        assertProblem(post(TestKeys.bearer(Role.VIEWER), body), 403, "forbidden");
        for (String caller : Services.ALL) {
            assertProblem(post(TestKeys.bearer(caller), body), 403, "forbidden");
        }
        nothingStored(fp, service);
    }
}
