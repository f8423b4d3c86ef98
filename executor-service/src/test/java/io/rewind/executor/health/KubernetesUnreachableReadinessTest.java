package io.rewind.executor.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** With the check on and no API server where the client points, readiness is down and says why; liveness stays up. */
@QuarkusTest
@TestProfile(KubernetesUnreachableReadinessTest.Unreachable.class)
class KubernetesUnreachableReadinessTest {

    /** tcpmux: a privileged port nothing listens on, so connecting is refused at once. */
    static final int CLOSED_PORT = 1;

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewind.executor.kubernetes.readiness", "true",
                    "quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + CLOSED_PORT);
        }
    }

    @Test
    void readinessIsDownNamingTheServerAndTheError() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Kubernetes API' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Kubernetes API' }.data.server", containsString("127.0.0.1:" + CLOSED_PORT))
                .body("checks.find { it.name == 'Kubernetes API' }.data.error", not(containsString("Exception")));
        given().get("/q/health/live").then().statusCode(200);
    }
}
