package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** Backups, verifications and readiness, against real databases on the embedded PostgreSQL and the real tools. */
@QuarkusTest
class BackupResourceTest {

    @TempDir
    Path secrets;

    @Test
    void aBackupRecordsItsDatabaseAndAVerificationProvesItRestores() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);

        var accepted = given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("reason", "pre-deploy", "releaseTag", "v1.5.0"))
                .post("/api/databases/{name}/backups", name).then().statusCode(202)
                .body("database", equalTo(name))
                .body("reason", equalTo("pre-deploy"))
                .extract();
        String id = accepted.path("id");
        assertTrue(accepted.header("Location").endsWith("/api/backups/" + id), accepted.header("Location"));
        JsonPath backup = Sources.awaitBackup(id);

        assertEquals("SUCCEEDED", backup.getString("status"), backup.prettify());
        assertEquals("v1.5.0", backup.getString("releaseTag"));
        assertTrue(backup.getString("serverVersion").startsWith("15."));
        assertTrue(backup.getString("pgDumpVersion").startsWith("15."));
        assertEquals("2", backup.getString("schemaVersion"), "the newest successful Flyway version");
        assertEquals(Map.of("public.orders", 3, "users", 2), backup.getMap("tableCounts"));
        assertNotNull(backup.getString("startedAt"));
        assertNotNull(backup.getString("endedAt"));
        Path file = Sources.file(name, id);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(bytes.length, backup.getLong("size"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                backup.getString("sha256"));
        assertEquals("PGDMP", new String(bytes, 0, 5), "a custom-format archive");
        assertNull(backup.get("verification"));

        JsonPath before = Sources.readiness(name);
        assertFalse(before.getBoolean("ready"));
        assertTrue(before.getString("reasons[0]").contains("no verified backup"), before.prettify());

        JsonPath verification = Sources.verify(id);
        assertEquals("VERIFIED", verification.getString("status"), verification.prettify());
        assertEquals(List.of("checksum", "structure", "data", "restore", "compare"),
                verification.getList("phases.name"));
        assertEquals(List.of("PASSED", "PASSED", "PASSED", "PASSED", "PASSED"), verification.getList("phases.status"));
        assertTrue(verification.getString("phases[4].detail").contains("2 critical tables match"));
        assertNotNull(verification.getString("restoreDuration"));
        assertEquals(0, Sources.count("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'rewind_scratch_"
                + verification.getString("id").replace("-", "") + "'"), "the scratch database is dropped");

        JsonPath ready = Sources.readiness(name);
        assertTrue(ready.getBoolean("ready"), ready.prettify());
        assertEquals(id, ready.getString("newestVerifiedBackup.id"));
        assertEquals("VERIFIED", ready.getString("newestVerifiedBackup.verification"));
        assertTrue(ready.getLong("ageSeconds") >= 0);
        assertNotNull(ready.getString("age"));
        assertNotNull(ready.getString("lastRestoreDuration"));
        assertEquals(List.of(), ready.getList("reasons"));

        String metrics = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rewind_backup_newest_verified_age_seconds{database=\"" + name + "\"}"), metrics);
        assertTrue(metrics.contains("rewind_backup_last_verification_verified{database=\"" + name + "\"} 1.0"));
        assertTrue(metrics.contains("rewind_backup_last_restore_duration_seconds{database=\"" + name + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "truncated", "bit-flipped", "missing", "re-checksummed" })
    void aDamagedBackupFailsVerificationWithTheReasonAndTheDatabaseIsNotReady(String damage) throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        JsonPath backup = Sources.backup(name);
        assertEquals("SUCCEEDED", backup.getString("status"), backup.prettify());
        String id = backup.getString("id");
        Path file = Sources.file(name, id);
        long size = Files.size(file);
        switch (damage) {
            case "truncated" -> {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(size * 2 / 3);
                }
            }
            case "bit-flipped" -> {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.seek(size / 2);
                    int b = raf.read();
                    raf.seek(size / 2);
                    raf.write(b ^ 0x10);
                }
            }
            case "missing" -> Files.delete(file);
            default -> Sources.execute("postgres", "UPDATE backup.backups SET sha256 = '"
                    + "0".repeat(64) + "' WHERE id = '" + id + "'");
        }

        JsonPath verification = Sources.verify(id);

        assertEquals("FAILED", verification.getString("status"), verification.prettify());
        assertEquals("checksum", verification.getString("phases[0].name"));
        assertEquals("FAILED", verification.getString("phases[0].status"));
        String error = verification.getString("error");
        if (damage.equals("missing")) {
            assertTrue(error.contains("missing from the store"), error);
            assertEquals(List.of("SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED"),
                    verification.getList("phases.status").subList(1, 5));
        } else {
            assertTrue(error.contains("checksum mismatch"), error);
        }
        if (damage.equals("truncated")) {
            // pg_restore --list reads only the table of contents; reading every data block is what notices.
            assertEquals("FAILED", verification.getString("phases.find { it.name == 'data' }.status"), error);
        }
        if (damage.equals("re-checksummed")) {
            // The file itself is sound: only the record disagrees, and that alone fails it.
            assertEquals(List.of("PASSED", "PASSED", "PASSED", "PASSED"),
                    verification.getList("phases.status").subList(1, 5));
        }
        assertEquals(0, Sources.count("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'rewind_scratch_"
                + verification.getString("id").replace("-", "") + "'"));

        JsonPath readiness = Sources.readiness(name);
        assertFalse(readiness.getBoolean("ready"));
        assertNull(readiness.get("newestVerifiedBackup"));
        assertTrue(readiness.getList("reasons").size() >= 1);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/backups/{id}", id).then()
                .body("verification", equalTo("FAILED"));
    }

    @Test
    void readinessTakesAMaximumAgeAndSaysWhyWhenTheBackupIsTooOld() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String id = Sources.backup(name).getString("id");
        assertEquals("VERIFIED", Sources.verify(id).getString("status"));
        Sources.execute("postgres", "UPDATE backup.backups SET started_at = now() - interval '5 hours' WHERE id = '"
                + id + "'");

        JsonPath old = Sources.readiness(name);
        assertFalse(old.getBoolean("ready"));
        assertEquals(4, old.getInt("maxAgeHours"));
        assertTrue(old.getString("reasons[0]").contains("older than 4 h"), old.prettify());
        assertEquals(id, old.getString("newestVerifiedBackup.id"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness?maxAgeHours=6", name).then().statusCode(200)
                .body("ready", equalTo(true)).body("maxAgeHours", equalTo(6));
    }

    @Test
    void unknownDatabasesAndBackupsAre404AndBadInputIs400AndNothingIsWritten() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String unknown = Databases.newName();
        // Counted for these two names only: other test classes' databases may be backed up on their schedules.
        String mine = "SELECT count(*) FROM backup.backups WHERE database_name IN ('" + name + "', '" + unknown + "')";
        long before = Sources.count("postgres", mine);

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .post("/api/databases/{name}/backups", unknown).then(), 404, "not-found")
                .body("detail", containsString(unknown));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness", unknown).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/backups?database={name}", unknown).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/backups/{id}/verifications", UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/backups/{id}", UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/restores/{id}", UUID.randomUUID()).then(), 404, "not-found");

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("reason", "weekly")).post("/api/databases/{name}/backups", name).then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("reason", "scheduled")).post("/api/databases/{name}/backups", name).then(), 400,
                "validation").body("errors[0].field", equalTo("reason"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("releaseTag", "-rf /")).post("/api/databases/{name}/backups", name).then(), 400,
                "validation").body("errors[0].field", equalTo("releaseTag"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness?maxAgeHours=0", name).then(), 400, "validation")
                .body("errors[0].field", equalTo("maxAgeHours"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness?maxAgeHours=four", name).then(), 400, "validation")
                .body("errors[0].message", equalTo("must be a whole number from 1 to 8760 (got 'four')"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON)
                .post("/api/databases/{name}/backups", name).then(), 403, "forbidden");

        assertEquals(before, Sources.count("postgres", mine));
    }

    @Test
    void aFailedBackupSaysWhyAndCannotBeVerified() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        Sources.execute(database, "DROP TABLE orders");

        JsonPath backup = Sources.backup(name);

        assertEquals("FAILED", backup.getString("status"));
        assertTrue(backup.getString("error").contains("public.orders"), backup.getString("error"));
        assertFalse(Files.exists(Sources.file(name, backup.getString("id"))), "no file for a failed backup");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/backups/{id}/verifications", backup.getString("id")).then(), 409, "conflict");
    }

    @Test
    void theListShowsADatabasesBackupsNewestFirst() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String first = Sources.backup(name).getString("id");
        String second = Sources.backup(name).getString("id");

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/backups?database={name}", name)
                .then().statusCode(200).body("id", equalTo(List.of(second, first)));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/backups?limit=500").then().statusCode(200)
                .body("id", hasItems(first, second));
    }
}
