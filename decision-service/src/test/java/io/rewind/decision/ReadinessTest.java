package io.rewind.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** With its database unreachable the service says so on readiness, with the reason, and recovers by itself. */
@QuarkusTest
class ReadinessTest {

    private static final String CHECK = "checks.find { it.name == 'Reactive PostgreSQL connections health check' }";

    @Test
    void readinessIsDownWithDetailWhilePostgresqlRefusesAndUpAfterwards() throws Exception {
        try (AutoCloseable outage = PostgresResource.refuseConnections()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready")
                    .then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body(CHECK + ".status", equalTo("DOWN"))
                    .body(CHECK + ".data.'<default>'", containsString("not currently accepting connections")));
            // Liveness never depends on the database: restarting the process would not bring PostgreSQL back.
            given().get("/q/health/live").then().statusCode(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
    }
}
