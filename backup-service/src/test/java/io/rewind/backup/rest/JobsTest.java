package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.backup.service.Schedules;
import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** Retention, schedules, and what happens to jobs whose process died. */
@QuarkusTest
class JobsTest {

    @TempDir
    Path secrets;

    @Inject
    Schedules schedules;

    @Inject
    Scheduler scheduler;

    @Test
    void retentionKeepsTheNewestVerifiedBackupAndDeletesFileAndRecordTogether() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        Map<String, Object> request = Databases.request(name);
        // Keep only the newest backup, however young the others are.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then()
                .statusCode(200).extract().jsonPath().getMap("").forEach((k, v) -> request.put((String) k, v));
        request.put("retention", Map.of("keepLast", 1, "keepDays", 0));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(request)
                .put("/api/databases/{name}", name).then().statusCode(200);

        String verified = Sources.backup(name).getString("id");
        assertEquals("VERIFIED", Sources.verify(verified).getString("status"));
        String second = Sources.backup(name).getString("id");
        String third = Sources.backup(name).getString("id");

        // Retention runs just after the backup is recorded, in the same job: wait for it to have run.
        List<String> kept = Sources.await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/backups?database={name}", name).then().statusCode(200).extract().<List<String>>path("id"),
                ids -> !ids.contains(second));
        assertEquals(List.of(third, verified), kept, "the newest, and the newest verified although older");
        assertFalse(Files.exists(Sources.file(name, second)), "the deleted backup's file is gone");
        assertEquals(0, Sources.count("postgres", "SELECT count(*) FROM backup.backups WHERE id = '" + second + "'"));
        assertTrue(Files.exists(Sources.file(name, verified)));
        assertTrue(Files.exists(Sources.file(name, third)));
        assertEquals(1, Sources.count("postgres", "SELECT count(*) FROM backup.verifications WHERE backup_id = '"
                + verified + "'"));
    }

    @Test
    void jobsOfADeadProcessAreMarkedInterruptedAndTheirScratchDatabaseDropped() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        String backupId = Sources.backup(name).getString("id");
        UUID verification = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        String scratch = "rewind_scratch_" + verification.toString().replace("-", "");
        Sources.execute("postgres", "CREATE DATABASE " + scratch);
        Sources.execute("postgres", "INSERT INTO backup.verifications (id, backup_id, database_name, status,"
                + " requested_at, started_at, scratch_database, owner, heartbeat_at) VALUES ('" + verification + "', '"
                + backupId + "', '" + name + "', 'RUNNING', now() - interval '1 hour', now() - interval '1 hour', '"
                + scratch + "', 'gone-host/1', now() - interval '1 hour')");
        Sources.execute("postgres", "INSERT INTO backup.backups (id, database_name, status, reason, requested_at,"
                + " owner, heartbeat_at) VALUES ('" + running + "', '" + name + "', 'RUNNING', 'MANUAL',"
                + " now() - interval '1 hour', 'gone-host/1', now() - interval '1 hour')");

        schedules.sweep();

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/backups/{id}", running).then()
                .statusCode(200).body("status", equalTo("INTERRUPTED"))
                .body("error", containsString("interrupted"));
        assertEquals("INTERRUPTED", given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/backups/{id}/verifications", backupId).then().extract().path("find { it.id == '"
                        + verification + "' }.status"));
        assertEquals(0, Sources.count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + scratch + "'"),
                "the scratch database it left is dropped");
        assertEquals("SUCCEEDED", Sources.awaitBackup(backupId).getString("status"), "finished jobs are left alone");
    }

    @Test
    void eachDatabasesCronsAreScheduledAndFollowItsRegistration() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        assertNotNull(scheduler.getScheduledJob(Schedules.backupJob(name)));
        assertNotNull(scheduler.getScheduledJob(Schedules.verificationJob(name)));

        Map<String, Object> request = Databases.request(name);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then()
                .extract().jsonPath().getMap("").forEach((k, v) -> request.put((String) k, v));
        request.put("backupCron", "0 0 4 * * ?");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(request)
                .put("/api/databases/{name}", name).then().statusCode(200);
        assertEquals(4, scheduler.getScheduledJob(Schedules.backupJob(name)).getNextFireTime()
                .atZone(ZoneId.systemDefault()).getHour(), "Quartz crons run in the server's time zone");

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/databases/{name}", name).then()
                .statusCode(204);
        assertNull(scheduler.getScheduledJob(Schedules.backupJob(name)));
        assertNull(scheduler.getScheduledJob(Schedules.verificationJob(name)));
    }
}
