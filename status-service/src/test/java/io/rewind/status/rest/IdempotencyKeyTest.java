package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.count;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/**
 * Idempotency-Key on opening incidents and posting updates, as executor-service retries them: a repeat answers with
 * what the first request posted and posts nothing; the same key with another body is refused and changes nothing.
 */
@QuarkusTest
class IdempotencyKeyTest {

    private static ValidatableResponse post(String authorization, String key, String path, Object body) {
        var request = given().header("Authorization", authorization).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post(path).then();
    }

    private static Map<String, Object> opening(String name) {
        return Map.of("name", name, "status", "identified", "impact", "major",
                "body", "Checkout fails for some users; rolling back.");
    }

    private static String executor() {
        return TestKeys.bearer(Services.EXECUTOR);
    }

    @Test
    void aRepeatedOpeningAnswersWithTheSameIncidentAndOpensNoOther() throws Exception {
        String name = unique("Checkout errors");
        String key = "execution-" + UUID.randomUUID() + "-step-1";
        var first = post(executor(), key, "/api/admin/incidents", opening(name)).statusCode(201).extract();
        String id = first.path("id");
        // The same body, its members in another order: the same request.
        var again = post(executor(), key, "/api/admin/incidents", Map.of("body", "Checkout fails for some users; "
                + "rolling back.", "impact", "major", "status", "identified", "name", name)).statusCode(200)
                .body("id", equalTo(id)).body("updates.size()", equalTo(1)).extract();
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
        assertEquals(1, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?", UUID.fromString(id)));
    }

    @Test
    void anotherBodyUnderTheSameKeyIs422AndChangesNothing() throws Exception {
        String name = unique("Search down");
        String key = "execution-" + UUID.randomUUID() + "-step-1";
        String id = post(executor(), key, "/api/admin/incidents", opening(name)).statusCode(201).extract().path("id");
        String other = unique("Something else");
        assertProblem(post(executor(), key, "/api/admin/incidents", opening(other)), 422, "idempotency-key-reused")
                .body("incidentId", equalTo(id));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", other));
        assertEquals(1, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
    }

    @Test
    void keysAreScopedPerCaller() throws Exception {
        String name = unique("Two callers");
        String key = "shared-" + UUID.randomUUID();
        String mine = post(executor(), key, "/api/admin/incidents", opening(name)).statusCode(201).extract().path("id");
        // An operator who happens to pick the same key is not answered with executor-service's incident.
        String theirs = post(TestKeys.bearer(Role.OPERATOR), key, "/api/admin/incidents", opening(name)).statusCode(201)
                .extract().path("id");
        assertTrue(!mine.equals(theirs));
        assertEquals(2, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
    }

    @Test
    void aRepeatedUpdateAnswersWithTheSameUpdateAndPostsNoOther() throws Exception {
        String id = incident(unique("Payments"), "major", List.of());
        String path = "/api/admin/incidents/" + id + "/updates";
        String key = "execution-" + UUID.randomUUID() + "-step-8";
        Map<String, Object> monitoring = Map.of("status", "monitoring", "body", "Rolled back; watching error rates.");
        var first = post(executor(), key, path, monitoring).statusCode(201).body("status", equalTo("monitoring"))
                .extract();
        String update = first.jsonPath().getString("updates[0].id");
        assertTrue(first.header("Location").endsWith("/updates/" + update));
        var again = post(executor(), key, path, monitoring).statusCode(200).body("updates.size()", equalTo(2))
                .body("updates[0].id", equalTo(update)).extract();
        assertEquals(first.header("Location"), again.header("Location"));

        assertProblem(post(executor(), key, path, Map.of("status", "resolved", "body", "All good.")), 422,
                "idempotency-key-reused").body("updateId", equalTo(update));
        // The same key on another incident is another request too.
        String other = incident(unique("Other"), "minor", List.of());
        assertProblem(post(executor(), key, "/api/admin/incidents/" + other + "/updates", monitoring), 422,
                "idempotency-key-reused");
        assertEquals(2, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?", UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?",
                UUID.fromString(other)));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/incidents/{id}", id).then()
                .statusCode(200).body("status", equalTo("monitoring"));
    }

    @Test
    void requestsRacingWithOneKeyOpenOneIncident() throws Exception {
        String name = unique("Race");
        String key = "race-" + UUID.randomUUID();
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String[]>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<String[]> racer = () -> {
                    start.await();
                    var answer = post(executor(), key, "/api/admin/incidents", opening(name)).extract();
                    return new String[] { String.valueOf(answer.statusCode()), answer.path("id") };
                };
                answers.add(pool.submit(racer));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<String[]> answer : answers) {
                String[] got = answer.get(60, TimeUnit.SECONDS);
                assertTrue(got[0].equals("201") || got[0].equals("200"), "answered " + got[0]);
                created += got[0].equals("201") ? 1 : 0;
                ids.add(got[1]);
            }
            assertEquals(1, created, "one request opened it, the others were answered with it");
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
    }

    /** (An empty header never reaches the application: HTTP trims it to nothing, the same as no key.) */
    @Test
    void anOverlongKeyIs400AndOpensNothing() throws Exception {
        String name = unique("Bad key");
        assertProblem(post(executor(), "k".repeat(201), "/api/admin/incidents", opening(name)), 400, "validation")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        String id = incident(unique("Bad key on update"), "minor", List.of());
        assertProblem(post(executor(), "k".repeat(201), "/api/admin/incidents/" + id + "/updates",
                Map.of("status", "resolved", "body", "x")), 400, "validation")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
        assertEquals(1, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?", UUID.fromString(id)));
    }
}
