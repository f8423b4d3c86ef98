package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.RawHttp;
import io.rewind.common.testing.TestKeys;

/**
 * Manual backups and verifications cannot pile up: a request while one is pending or running for the same database
 * (or backup) is answered with that job, and beyond the service's cap of queued jobs a request is 429.
 */
@QuarkusTest
class QueueResourceTest {

    @TempDir
    Path secrets;

    @ConfigProperty(name = "rewind.backup.workers")
    int workers;

    @ConfigProperty(name = "rewind.backup.max-queued-jobs", defaultValue = "100")
    int maxQueued;

    private static final String OPERATOR = TestKeys.bearer(Role.OPERATOR);

    private static long backupsOf(String name) throws Exception {
        return Sources.count("postgres", "SELECT count(*) FROM backup.backups WHERE database_name = '" + name + "'");
    }

    private static long verificationsOf(String backupId) throws Exception {
        return Sources.count("postgres", "SELECT count(*) FROM backup.verifications WHERE backup_id = '" + backupId
                + "'");
    }

    private static List<RawHttp.Answer> byStatus(List<RawHttp.Answer> answers) {
        return answers.stream().sorted(Comparator.comparingInt(RawHttp.Answer::status)).toList();
    }

    @Test
    void aBackupAskedForWhileOneIsUnderWayIsThatBackup() throws Exception {
        String database = Sources.createShop();
        String name = Sources.register(database, secrets);
        String path = "/api/databases/" + name + "/backups";
        String id;
        // pg_dump waits on this lock: the first backup is still running when the others are decided.
        try (Connection lock = Sources.lock(database, "orders")) {
            List<RawHttp.Answer> answers = byStatus(Sources.concurrently(Sources.Call.post(path, OPERATOR, "{}"),
                    Sources.Call.post(path, OPERATOR, "{\"reason\": \"pre-deploy\", \"releaseTag\": \"v2.0.0\"}")));

            assertEquals(List.of(200, 202), answers.stream().map(RawHttp.Answer::status).toList(), answers.toString());
            id = JsonPath.from(answers.get(1).body()).getString("id");
            assertEquals(id, JsonPath.from(answers.get(0).body()).getString("id"), "the second is the first's backup");
            given().header("Authorization", OPERATOR).contentType(ContentType.JSON).post(path).then().statusCode(200)
                    .body("id", equalTo(id)).header("Location", endsWith("/api/backups/" + id));
            assertEquals(1, backupsOf(name), "one backup queued, however often it was asked for");
        }
        assertEquals("SUCCEEDED", Sources.awaitBackup(id).getString("status"));

        // Nothing under way any more: the next request is a backup of its own.
        String next = Sources.startBackup(name);
        assertNotEquals(id, next);
        assertEquals("SUCCEEDED", Sources.awaitBackup(next).getString("status"));
    }

    @Test
    void aVerificationAskedForWhileOneIsWaitingIsThatVerification() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String backupId = Sources.backup(name).getString("id");
        String path = "/api/backups/" + backupId + "/verifications";
        List<Connection> locks = new ArrayList<>();
        String id;
        try {
            // Every worker takes a backup that waits on a lock, so the verification waits its turn (PENDING).
            for (int i = 0; i < workers; i++) {
                String database = Sources.createShop();
                String busy = Sources.register(database, secrets);
                locks.add(Sources.lock(database, "orders"));
                Sources.startBackup(busy);
            }
            List<RawHttp.Answer> answers = byStatus(Sources.concurrently(Sources.Call.post(path, OPERATOR, null),
                    Sources.Call.post(path, OPERATOR, null)));

            assertEquals(List.of(200, 202), answers.stream().map(RawHttp.Answer::status).toList(), answers.toString());
            id = JsonPath.from(answers.get(1).body()).getString("id");
            assertEquals(id, JsonPath.from(answers.get(0).body()).getString("id"));
            given().header("Authorization", OPERATOR).post(path).then().statusCode(200).body("id", equalTo(id))
                    .body("status", equalTo("PENDING"));
            assertEquals(1, verificationsOf(backupId));
        } finally {
            for (Connection lock : locks) {
                lock.close();
            }
        }
        JsonPath verification = Sources.await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get(path).then().statusCode(200).extract().jsonPath(),
                json -> !List.of("PENDING", "RUNNING").contains(json.getString("find { it.id == '" + id + "' }.status")));
        assertEquals("VERIFIED", verification.getString("find { it.id == '" + id + "' }.status"));

        String next = given().header("Authorization", OPERATOR).post(path).then().statusCode(202).extract().path("id");
        assertNotEquals(id, next);
    }

    @Test
    void beyondTheCapOfQueuedJobsABackupOrVerificationIs429WithRetryAfterAndQueuesNothing() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String backupId = Sources.backup(name).getString("id");
        // Jobs of another process, waiting for its workers: as many as the cap allows, all alive (fresh heartbeat).
        String filler = "queue-filler-" + UUID.randomUUID().toString().substring(0, 8);
        Sources.execute("postgres", "INSERT INTO backup.backups (id, database_name, status, reason, scheduled_for,"
                + " requested_at, owner, heartbeat_at) SELECT gen_random_uuid(), '" + filler + "', 'PENDING', 'SCHEDULED',"
                + " date_trunc('second', now()) + make_interval(secs => i), now(), 'other-host/1', now()"
                + " FROM generate_series(1, " + maxQueued + ") i");
        try {
            long backups = backupsOf(name);
            long verifications = verificationsOf(backupId);

            assertProblem(given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .post("/api/databases/{name}/backups", name).then(), 429, "too-many-requests")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("detail", containsString(String.valueOf(maxQueued)));
            assertProblem(given().header("Authorization", OPERATOR)
                    .post("/api/backups/{id}/verifications", backupId).then(), 429, "too-many-requests")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"));

            assertEquals(backups, backupsOf(name), "no backup was queued");
            assertEquals(verifications, verificationsOf(backupId), "no verification was queued");
        } finally {
            Sources.execute("postgres", "DELETE FROM backup.backups WHERE database_name = '" + filler + "'");
        }
        assertEquals("SUCCEEDED", Sources.awaitBackup(Sources.startBackup(name)).getString("status"));
    }
}
