package io.rewind.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.testing.PostgresResource;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FILTER (WHERE NOT success), count(*) FROM status.flyway_schema_history WHERE version IS NOT NULL")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no failed migration");
                assertTrue(rs.getInt(2) >= 1, "migrations applied");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables "
                    + "WHERE table_schema = 'status' AND table_name IN ('components', 'component_groups')")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "components and groups have their tables");
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
