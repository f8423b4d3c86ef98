package io.rewind.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;

/** Readiness of the service under test, as Kubernetes' readiness probe sees it. */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Asserts {@code /q/health/ready} is 200 and UP with its PostgreSQL pool checked (the checks are shown to a key
     * only); further checks chain on.
     */
    public static ValidatableResponse assertReadyWithPostgresql() {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }
}
