package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Readiness;
import io.rewind.common.testing.TestKeys;

/**
 * The packaged service as a process (the native executable with {@code -Dnative}, else the jar), against the real
 * PostgreSQL of the module's test resources: readiness runs the real pg_dump and pg_restore and checks the backup
 * store; a backup is taken, checksummed and verified by a real restore; registrations go through JSON, validation and
 * Flyway's schema.
 */
@QuarkusIntegrationTest
@WithTestResource(value = BackupServiceIT.StoreUnderTarget.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BackupServiceIT {

    /** The process runs with the prod profile: its backup store goes under target/, like the other tests' one. */
    public static class StoreUnderTarget implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            return Map.of("rewind.backup.store.local-root", "target/it-backups");
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void readyAgainstPostgresqlWithTheToolsAndTheStore() {
        Readiness.assertReadyWithPostgresql()
                .body("checks.find { it.name == 'Backup store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pg_dump and pg_restore' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pg_dump and pg_restore' }.data.pg_dump", containsString("pg_dump"));
    }

    @Test
    void aBackupIsTakenWithItsChecksumThenProvenByRestoringItAndTheDatabaseIsReady(@TempDir Path secrets)
            throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);

        JsonPath backup = Sources.backup(name);
        assertEquals("SUCCEEDED", backup.getString("status"), backup.prettify());
        assertEquals("2", backup.getString("schemaVersion"));
        assertEquals(Map.of("public.orders", 3, "users", 2), backup.getMap("tableCounts"));
        byte[] bytes = Files.readAllBytes(Path.of("target/it-backups", name, backup.getString("id") + ".dump"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                backup.getString("sha256"));

        JsonPath verification = Sources.verify(backup.getString("id"));
        assertEquals("VERIFIED", verification.getString("status"), verification.prettify());
        assertEquals(List.of("PASSED", "PASSED", "PASSED", "PASSED", "PASSED"), verification.getList("phases.status"));

        JsonPath ready = Sources.readiness(name);
        assertTrue(ready.getBoolean("ready"), ready.prettify());
        assertEquals(backup.getString("id"), ready.getString("newestVerifiedBackup.id"));
    }

    @Test
    void aDatabaseRegisteredWithAnAdminKeyIsReadBack() {
        String name = Databases.newName();
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then().statusCode(201)
                .body("name", equalTo(name));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("password", equalTo(Map.of("env", "SHOP_DB_PASSWORD")))
                .body("criticalTables", contains("public.orders", "public.users"))
                .body("backupCron", equalTo("0 0 * * * ?"))
                .body("retention.keepLast", equalTo(5));
    }

    @Test
    void aBadCronExpressionIsA400ProblemNamingTheField() {
        Map<String, Object> request = Databases.request(Databases.newName());
        request.put("backupCron", "0 30 3 * * *");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(request).post("/api/databases").then(), 400, "validation")
                .body("errors[0].field", equalTo("backupCron"));
    }

    @Test
    void withoutAKeyTheApiIsA401Problem() {
        assertProblem(given().get("/api/databases").then(), 401, "unauthorized");
    }
}
