package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
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
import io.rewind.common.testing.RawHttp;
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

    private static long restoresInto(String name) throws Exception {
        return Sources.count("postgres", "SELECT count(*) FROM backup.restores WHERE target_database = '" + name + "'");
    }

    private static long backupsOf(String name) throws Exception {
        return Sources.count("postgres", "SELECT count(*) FROM backup.backups WHERE database_name = '" + name + "'");
    }

    private static String json(String target) {
        return "{\"target\": \"" + target + "\", \"confirm\": \"" + target + "\"}";
    }

    /** The answers, ordered by status. */
    private static List<RawHttp.Answer> byStatus(List<RawHttp.Answer> answers) {
        return answers.stream().sorted(Comparator.comparingInt(RawHttp.Answer::status)).toList();
    }

    @Test
    void executorServicesKeyRestoresOnlyIntoADatabaseAnAdminMarkedForServiceRestores() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then()
                .statusCode(200).body("serviceRestores", equalTo(false));
        String backupId = Sources.backup(name).getString("id");
        Sources.execute(database, "DELETE FROM orders");
        long backups = backupsOf(name);

        assertProblem(restore(TestKeys.bearer(Services.EXECUTOR), backupId, Map.of("target", name, "confirm", name)),
                403, "forbidden").body("detail", containsString("'" + name + "'"))
                .body("detail", containsString("serviceRestores"));

        assertEquals(0, restoresInto(name), "no restore was written");
        assertEquals(backups, backupsOf(name), "no safety backup was taken");
        assertEquals(0, Sources.count(database, "SELECT count(*) FROM orders"), "the target is untouched");

        // An admin allows it; executor-service's key now restores like an admin's.
        Map<String, Object> registration = new java.util.HashMap<>(given()
                .header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then()
                .extract().jsonPath().getMap(""));
        registration.put("serviceRestores", true);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(registration)
                .put("/api/databases/{name}", name).then().statusCode(200).body("serviceRestores", equalTo(true));
        String id = restore(TestKeys.bearer(Services.EXECUTOR), backupId, Map.of("target", name, "confirm", name))
                .statusCode(202).extract().path("id");
        assertEquals("SUCCEEDED", Sources.awaitRestore(id).getString("status"));
        assertEquals(3, Sources.count(database, "SELECT count(*) FROM orders"));
    }

    @Test
    void aSecondRestoreIntoADatabaseWhileOneIsUnderWayIs409NamingItEvenWhenBothArriveAtOnce() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        String backupId = Sources.backup(name).getString("id");
        String path = "/api/backups/" + backupId + "/restores";
        String admin = TestKeys.bearer(Role.ADMIN);
        String running;
        // The safety backup of the target waits on this lock, so the first restore is still under way when the second
        // request is decided.
        try (Connection lock = Sources.lock(database, "orders")) {
            List<RawHttp.Answer> answers = byStatus(Sources.concurrently(Sources.Call.post(path, admin, json(name)),
                    Sources.Call.post(path, admin, json(name))));

            assertEquals(List.of(202, 409), answers.stream().map(RawHttp.Answer::status).toList(), answers.toString());
            running = JsonPath.from(answers.get(0).body()).getString("id");
            RawHttp.Answer refused = answers.get(1);
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
            JsonPath problem = JsonPath.from(refused.body());
            assertEquals("urn:rewind:problem:conflict", problem.getString("type"));
            assertEquals(running, problem.getString("runningRestoreId"));
            assertTrue(problem.getString("detail").contains(running), problem.getString("detail"));
            assertEquals(1, restoresInto(name), "exactly one restore was written");

            assertProblem(restore(Role.ADMIN, backupId, Map.of("target", name, "confirm", name)), 409, "conflict")
                    .body("runningRestoreId", equalTo(running));
            assertEquals(1, restoresInto(name));
        }
        assertEquals("SUCCEEDED", Sources.awaitRestore(running).getString("status"));

        // Once it ended, the database may be restored again.
        String again = restore(Role.ADMIN, backupId, Map.of("target", name, "confirm", name)).statusCode(202)
                .extract().path("id");
        assertNotEquals(running, again);
        assertEquals("SUCCEEDED", Sources.awaitRestore(again).getString("status"));
    }

    @Test
    void anIdempotencyKeyRepeatedReturnsTheSameRestoreAndUnderAnotherRequestIs422() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets, true);
        String first = Sources.backup(name).getString("id");
        String second = Sources.backup(name).getString("id");
        String executor = TestKeys.bearer(Services.EXECUTOR);
        String key = "execution-" + UUID.randomUUID() + "/step-2";
        String path = "/api/backups/" + first + "/restores";

        // A retried request whose two copies arrive together starts one restore.
        List<RawHttp.Answer> answers = byStatus(Sources.concurrently(
                Sources.Call.post(path, executor, json(name)).with("Idempotency-Key", key),
                Sources.Call.post(path, executor, json(name)).with("Idempotency-Key", key)));
        assertEquals(List.of(200, 202), answers.stream().map(RawHttp.Answer::status).toList(), answers.toString());
        String id = JsonPath.from(answers.get(1).body()).getString("id");
        assertEquals(id, JsonPath.from(answers.get(0).body()).getString("id"));
        assertEquals(1, restoresInto(name));
        assertEquals("SUCCEEDED", Sources.awaitRestore(id).getString("status"));
        long backups = backupsOf(name);

        // The same again after it ended: the same restore, nothing new.
        given().header("Authorization", executor).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(json(name)).post(path).then().statusCode(200).body("id", equalTo(id))
                .body("status", equalTo("SUCCEEDED")).header("Location", endsWith("/api/restores/" + id));

        // Another request under the same key is refused and changes nothing.
        Sources.execute(database, "DELETE FROM orders");
        assertProblem(given().header("Authorization", executor).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(json(name)).post("/api/backups/{id}/restores", second).then(), 422,
                "idempotency-key-reused").body("restoreId", equalTo(id)).body("detail", containsString(id));
        assertEquals(1, restoresInto(name));
        assertEquals(backups, backupsOf(name), "no safety backup was taken");
        assertEquals(0, Sources.count(database, "SELECT count(*) FROM orders"), "the target is untouched");

        // A key that is empty, blank or too long is refused before anything is written: sent on a raw connection, so
        // that the empty header really is sent.
        for (String bad : List.of("", "   ", "k".repeat(201))) {
            RawHttp.Answer refused = Sources.concurrently(Sources.Call.post(path, executor, json(name))
                    .with("Idempotency-Key", bad)).get(0);
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("Idempotency-Key", JsonPath.from(refused.body()).getString("errors[0].field"));
        }
        assertEquals(1, restoresInto(name));

        // The key is the caller's: an admin's request under the same key is a request of its own.
        String admins = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(json(name)).post(path).then().statusCode(202).extract().path("id");
        assertNotEquals(id, admins);
        assertEquals("SUCCEEDED", Sources.awaitRestore(admins).getString("status"));
        assertEquals(3, Sources.count(database, "SELECT count(*) FROM orders"));
        assertEquals(2, restoresInto(name));
    }
}
