package io.rewind.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.testing.Schemas;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        Schemas.assertMigrated("status", "components", "component_groups", "incidents", "incident_updates", "templates",
                "subscribers", "deliveries");
    }

    @Test
    void readinessChecksPostgresql() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }
}
