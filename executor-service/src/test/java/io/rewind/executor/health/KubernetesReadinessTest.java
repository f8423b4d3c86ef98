package io.rewind.executor.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** With {@code rewind.executor.kubernetes.readiness=true}, readiness includes the Kubernetes API, up when it answers. */
@QuarkusTest
@TestProfile(KubernetesReadinessTest.Enabled.class)
@WithKubernetesTestServer(crud = true)
class KubernetesReadinessTest {

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewind.executor.kubernetes.readiness", "true");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void readinessIsUpWithTheApiServersVersion() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kubernetes API"))
                .body("checks.find { it.name == 'Kubernetes API' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kubernetes API' }.data.server",
                        equalTo(server.getClient().getMasterUrl().toString()))
                // The mock server answers GET /version itself (with 0.0): what matters is that it answered.
                .body("checks.find { it.name == 'Kubernetes API' }.data.version", notNullValue());
    }
}
