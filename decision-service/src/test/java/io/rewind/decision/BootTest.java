package io.rewind.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Schemas;
import io.rewind.common.testing.TestKeys;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        Schemas.assertMigrated("decision", "policy_versions");
    }

    @Test
    void readinessChecksPostgresql() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }
}
