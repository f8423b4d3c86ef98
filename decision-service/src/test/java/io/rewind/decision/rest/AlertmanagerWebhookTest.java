package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.local.LocalAlertmanager;
import io.rewind.local.LocalPrometheus;

/**
 * End to end: a real Prometheus rule fires, a real Alertmanager sends it to this service's webhook with an operator key
 * from a credentials file, repeats it, and sends its resolution when the rule stops firing.
 */
@QuarkusTest
class AlertmanagerWebhookTest {

    @Test
    void aFiringRuleOpensOneIncidentThroughAlertmanagerAndItsResolutionIsRecorded() throws Exception {
        String service = IncidentResourceTest.newService();
        AtomicReference<String> errorRate = new AtomicReference<>("12.5");
        String rules = """
                groups:
                  - name: rewind
                    rules:
                      - alert: CheckoutErrors
                        expr: app_error_rate_percent > 5
                        labels:
                          service: %s
                          severity: critical
                        annotations:
                          summary: "Checkout errors above 5%%"
                          description: "{{ $value }}%% of requests fail"
                          error_rate_percent: "{{ $value }}"
                          users_affected_percent: "25"
                """.formatted(service);
        String webhook = "http://127.0.0.1:" + RestAssured.port + "/api/alerts/alertmanager";
        try (LocalAlertmanager alertmanager = LocalAlertmanager.start(webhook, TestKeys.key(Role.OPERATOR), 2);
                LocalPrometheus prometheus = LocalPrometheus.start(
                        () -> "# TYPE app_error_rate_percent gauge\napp_error_rate_percent " + errorRate.get() + "\n",
                        rules, alertmanager.address())) {
            AtomicReference<String> id = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> id.set(
                    given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?service={s}", service)
                            .then().statusCode(200).body("$", hasSize(1)).extract().path("[0].id")));
            given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id.get()).then()
                    .body("source", equalTo("ALERT"))
                    .body("title", equalTo("Checkout errors above 5%"))
                    .body("signals.severity", equalTo("P1"))
                    .body("signals.errorRatePercent", equalTo(12.5f))
                    .body("signals.usersAffectedPercent", equalTo(25.0f));

            // Alertmanager repeats the still-firing group every 2 s: counted, and no second incident.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> AlertResourceTest.rows(
                    "SELECT max(notifications) FROM decision.alerts WHERE service = ?", service) >= 3);
            assertEquals(1, AlertResourceTest.incidentsOf(service).getList("$").size());
            org.hamcrest.MatcherAssert.assertThat(AlertResourceTest.timelineKinds(id.get()), hasItem("ALERT_REPEATED"));

            // The rule stops firing: Prometheus sends the resolution, Alertmanager passes it on.
            errorRate.set("0.2");
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> org.hamcrest.MatcherAssert.assertThat(
                    AlertResourceTest.timelineKinds(id.get()), hasItem("ALERT_RESOLVED")));
            assertEquals(1, AlertResourceTest.incidentsOf(service).getList("$").size());
            given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id.get()).then()
                    .body("status", not(equalTo("RESOLVED")));
            assertEquals(1, AlertResourceTest.rows(
                    "SELECT count(*) FROM decision.alerts WHERE service = ? AND status = 'RESOLVED'", service));
        }
    }
}
