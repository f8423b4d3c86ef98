package io.rewind.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
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
        Schemas.assertMigrated("backup", "databases", "backups", "verifications", "restores");
    }

    @Test
    void readinessChecksPostgresql() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'Backup store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pg_dump and pg_restore' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pg_dump and pg_restore' }.data.pg_dump",
                        containsString("/usr/lib/postgresql/15/bin/pg_dump"));
    }
}
