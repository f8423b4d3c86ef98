package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/** Restores: a round trip that brings deleted rows back, after a safety backup, and only when confirmed. */
@QuarkusTest
class RestoreResourceTest {

    @TempDir
    Path secrets;

    private static ValidatableResponse restore(Role role, String backupId, Object body) {
        return restore(TestKeys.bearer(role), backupId, body);
    }

    private static ValidatableResponse restore(String authorization, String backupId, Object body) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body)
                .post("/api/backups/{id}/restores", backupId).then();
    }

    @Test
    void aRestoreBringsBackDeletedRowsAfterASafetyBackupOfTheTarget() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        String backupId = Sources.backup(name).getString("id");
        Sources.execute(database, "DELETE FROM orders WHERE id > 1; INSERT INTO users VALUES (3, 'c@example.com')");
        assertEquals(1, Sources.count(database, "SELECT count(*) FROM orders"));

        var accepted = restore(Role.ADMIN, backupId, Map.of("target", name, "confirm", name)).statusCode(202)
                .body("status", equalTo("PENDING")).body("targetDatabase", equalTo(name)).extract();
        String id = accepted.path("id");
        assertTrue(accepted.header("Location").endsWith("/api/restores/" + id));
        JsonPath restore = Sources.await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/restores/{id}", id).then().statusCode(200).extract().jsonPath(),
                json -> !List.of("PENDING", "RUNNING").contains(json.getString("status")));

        assertEquals("SUCCEEDED", restore.getString("status"), restore.prettify());
        assertEquals(3, Sources.count(database, "SELECT count(*) FROM orders"), "the deleted orders are back");
        assertEquals(2, Sources.count(database, "SELECT count(*) FROM users"), "the later user is gone");
        assertEquals("2", String.valueOf(Sources.count(database,
                "SELECT max(version::int) FROM flyway_schema_history WHERE success")));

        JsonPath safety = Sources.awaitBackup(restore.getString("safetyBackupId"));
        assertEquals("SUCCEEDED", safety.getString("status"));
        assertEquals("pre-restore", safety.getString("reason"));
        assertEquals(Map.of("public.orders", 1, "users", 3), safety.getMap("tableCounts"),
                "the safety backup holds the target as it was before the restore");
    }

    @Test
    void withoutTheRightConfirmationOrAsANonAdminNothingIsRestored() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        String backupId = Sources.backup(name).getString("id");
        Sources.execute(database, "DELETE FROM orders");
        // Counted for this database only: other test classes' databases may be backed up on their schedules.
        String backupsOfIt = "SELECT count(*) FROM backup.backups WHERE database_name = '" + name + "'";
        long backups = Sources.count("postgres", backupsOfIt);
        long restores = Sources.count("postgres", "SELECT count(*) FROM backup.restores");

        assertProblem(restore(Role.ADMIN, backupId, Map.of("target", name)), 400, "validation")
                .body("errors[0].field", equalTo("confirm"));
        assertProblem(restore(Role.ADMIN, backupId, Map.of("target", name, "confirm", "yes")), 400, "validation")
                .body("errors[0].field", equalTo("confirm"));
        assertProblem(restore(Role.ADMIN, backupId, Map.of("target", "not-registered", "confirm", "not-registered")),
                400, "validation").body("errors[0].field", equalTo("target"));
        assertProblem(restore(Role.ADMIN, UUID.randomUUID().toString(), Map.of("target", name, "confirm",
                name)), 404, "not-found");
        assertProblem(restore(Role.OPERATOR, backupId, Map.of("target", name, "confirm", name)), 403, "forbidden");
        // executor-service's key may restore (postgres.restore steps), under the same confirmation rule.
        assertProblem(restore(TestKeys.bearer(Services.EXECUTOR), backupId, Map.of("target", name, "confirm", "yes")), 400, "validation")
                .body("errors[0].field", equalTo("confirm"));

        assertEquals(0, Sources.count(database, "SELECT count(*) FROM orders"), "the target is untouched");
        assertEquals(backups, Sources.count("postgres", backupsOfIt));
        assertEquals(restores, Sources.count("postgres", "SELECT count(*) FROM backup.restores"));
    }
}
