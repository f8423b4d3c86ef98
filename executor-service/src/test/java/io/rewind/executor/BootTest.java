package io.rewind.executor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        try (Connection c = io.rewind.common.testing.PostgresResource.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FILTER (WHERE NOT success), count(*) FROM executor.flyway_schema_history WHERE version IS NOT NULL")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no failed migration");
                assertTrue(rs.getInt(2) >= 1, "migrations applied");
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'executor' AND table_name = 'plans'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the plans table is in the executor schema");
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing is created outside the service's schema");
            }
        }
    }

    @Test
    void readinessChecksPostgresql() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }
}
