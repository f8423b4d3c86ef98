package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

@QuarkusTest
class PlanResourceTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static ValidatableResponse post(Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).post("/api/plans").then();
    }

    private static ValidatableResponse get(String path, Object... params) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(path, params).then();
    }

    private static Map<String, Object> planOf(String name, String service, Object... steps) {
        return TestPlans.plan(name, service, Arrays.asList(steps));
    }

    /** Rows stored for a plan name, read with plain JDBC: what a refused request must not have changed. */
    private static int stored(String name) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM executor.plans WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aNewPlanIsStoredAsVersionOneAndReadsBackAsItWillRun() throws Exception {
        String name = TestPlans.newName("checkout-rollback");
        Map<String, Object> plan = TestPlans.planWithEveryKind(name, "checkout");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) plan.get("steps");
        steps.get(1).put("timeout", "PT3M");
        steps.get(10).put("continueOnFailure", true);

        String location = post(plan).statusCode(201)
                .header("Location", matchesPattern(".*/api/plans/" + UUID_PATTERN))
                .body("id", matchesPattern(UUID_PATTERN))
                .body("name", equalTo(name))
                .body("service", equalTo("checkout"))
                .body("version", equalTo(1))
                .body("createdBy", equalTo("test-admin"))
                .body("steps", hasSize(StepKind.values().length))
                .extract().header("Location");

        String[] kinds = Arrays.stream(StepKind.values()).map(StepKind::id).toArray(String[]::new);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(location).then().statusCode(200)
                .body("name", equalTo(name))
                .body("version", equalTo(1))
                .body("description", equalTo("Roll checkout back to the previous release"))
                .body("steps.kind", contains(kinds))
                .body("steps[0].name", equalTo("kubernetes.undo step"))
                .body("steps[0].params.toRevision", equalTo(3))
                .body("steps[0].timeout", equalTo("PT5M"))
                .body("steps[0].continueOnFailure", equalTo(false))
                .body("steps[1].timeout", equalTo("PT3M"))
                .body("steps[3].params.selector.color", equalTo("blue"))
                .body("steps[4].params.weights.stable", equalTo(100))
                .body("steps[5].params.upstream", contains("10.0.0.7:8080", "10.0.0.8:8080"))
                .body("steps[8].timeout", equalTo("PT2H"))
                .body("steps[10].continueOnFailure", equalTo(true))
                .body("steps[11].params.threshold", equalTo(0.01f))
                .body("steps[13].timeout", equalTo("PT1M30S"));
        assertEquals(1, stored(name));
    }

    @Test
    void storingAPlanAgainStoresTheNextVersionAndListsShowTheNewest() {
        String service = TestPlans.newName("svc");
        String name = service + "-rollback";
        String first = post(planOf(name, service, TestPlans.step("undo", StepKind.KUBERNETES_UNDO)))
                .statusCode(201).body("version", equalTo(1)).extract().path("id");
        String second = post(planOf(name, service, TestPlans.step("undo", StepKind.KUBERNETES_UNDO),
                TestPlans.step("verify", StepKind.VERIFY_ROLLOUT_STATUS)))
                .statusCode(201).body("version", equalTo(2)).extract().path("id");
        post(planOf(service + "-flags", service, TestPlans.step("flag off", StepKind.FLAG_DISABLE))).statusCode(201);

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("service", service).get("/api/plans").then().statusCode(200)
                .body("name", contains(service + "-flags", name))
                .body("[1].id", equalTo(second))
                .body("[1].version", equalTo(2))
                .body("[1].stepCount", equalTo(2));
        // The unfiltered list is paged by name, and the tests store many plans: this one is on a page of its own.
        get("/api/plans?limit=1&offset={offset}", plansBefore(name)).statusCode(200)
                .body("name", contains(name)).body("version", contains(2));
        get("/api/plans/{name}/versions", name).statusCode(200)
                .body("version", contains(2, 1))
                .body("id", contains(second, first));
        get("/api/plans/{id}", first).statusCode(200).body("version", equalTo(1)).body("steps", hasSize(1));
    }

    @Test
    void aPlanNameBelongsToOneService() throws Exception {
        String name = TestPlans.newName("rollback");
        post(planOf(name, "checkout", TestPlans.step("undo", StepKind.KUBERNETES_UNDO))).statusCode(201);
        assertProblem(post(planOf(name, "payments", TestPlans.step("undo", StepKind.KUBERNETES_UNDO))), 409, "conflict")
                .body("detail", containsString("checkout"));
        assertEquals(1, stored(name));
    }

    @Test
    void invalidStepsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        String name = TestPlans.newName("invalid");
        Object undo = TestPlans.step("undo", StepKind.KUBERNETES_UNDO);

        assertProblem(post(planOf(name, "checkout", undo, TestPlans.step("explode", "kubernetes.explode", Map.of()))),
                400, "validation")
                .body("errors[0].field", equalTo("steps[1].kind"))
                .body("errors[0].message", containsString("kubernetes.undo"));

        Map<String, Object> scale = TestPlans.validParams(StepKind.KUBERNETES_SCALE);
        String cluster = TestTargets.kubernetes("shop");
        assertProblem(post(planOf(name, "checkout", undo, TestPlans.step("scale", "kubernetes.scale", cluster, TestPlans.with(scale, "replicas", TestPlans.REMOVE)))), 400, "validation")
                .body("errors.field", contains("steps[1].params.replicas"))
                .body("errors[0].message", equalTo("is required"));

        assertProblem(post(planOf(name, "checkout", TestPlans.step("scale", "kubernetes.scale", cluster,
                TestPlans.with(scale, "replicas", "three")))), 400, "validation")
                .body("errors.field", contains("steps[0].params.replicas"))
                .body("errors[0].message", equalTo("must be an integer, 0 or more"));

        assertProblem(post(planOf(name, "checkout", TestPlans.step("scale", "kubernetes.scale", cluster, "replicas=0"))), 400, "validation")
                .body("errors[0].field", equalTo("steps[0].params"));

        Map<String, Object> slow = TestPlans.step("undo", StepKind.KUBERNETES_UNDO);
        slow.put("timeout", "five minutes");
        assertProblem(post(planOf(name, "checkout", slow)), 400, "validation")
                .body("errors[0].field", equalTo("steps[0].timeout"))
                .body("errors[0].message", containsString("ISO-8601 duration"));

        assertProblem(post(planOf(name, "checkout", undo, TestPlans.step("Undo", StepKind.KUBERNETES_UNDO))), 400, "validation")
                .body("errors.field", contains("steps[1].name"));

        assertProblem(post(planOf(name, "checkout")), 400, "validation").body("errors.field", contains("steps"));
        assertProblem(post(TestPlans.plan(name, "checkout", Collections.nCopies(101, undo))), 400, "validation")
                .body("errors.field", contains("steps"));
        assertProblem(post(planOf("Checkout Rollback", "checkout", undo)), 400, "validation")
                .body("errors.field", contains("name"));

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"steps\": [").post("/api/plans").then(), 400, "malformed-request");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .post("/api/plans").then(), 400, "validation")
                .body("errors[0].field", equalTo("body"));

        assertEquals(0, stored(name));
    }

    @Test
    void anUnknownPlanIs404AndAMalformedIdIsNeverA500() {
        assertProblem(get("/api/plans/{id}", UUID.randomUUID()), 404, "not-found");
        assertProblem(get("/api/plans/{id}", "not-a-uuid"), 404, "not-found");
        assertProblem(get("/api/plans/{name}/versions", TestPlans.newName("nothing")), 404, "not-found");
    }

    @Test
    void aServiceFilterThatIsNotAServiceNameIs400() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("service", "Check_Out").get("/api/plans").then(), 400, "validation")
                .body("errors[0].field", equalTo("service"));
    }

    @Test
    void versionsStoredAtTheSameMomentNeverShareANumber() throws Exception {
        String name = TestPlans.newName("race");
        post(planOf(name, "checkout", TestPlans.step("undo", StepKind.KUBERNETES_UNDO))).statusCode(201);

        int writers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<Integer> write = () -> {
                    start.await();
                    var response = post(planOf(name, "checkout", TestPlans.step("undo", StepKind.KUBERNETES_UNDO)))
                            .extract().response();
                    if (response.statusCode() == 409) {
                        assertEquals("urn:rewind:problem:conflict", response.path("type"));
                    }
                    return response.statusCode();
                };
                results.add(pool.submit(write));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> result : results) {
                int status = result.get(60, TimeUnit.SECONDS);
                assertTrue(status == 201 || status == 409, "a concurrent version is stored or refused, got " + status);
                created += status == 201 ? 1 : 0;
            }
            assertTrue(created >= 1, "at least one concurrent version is stored");
            assertEquals(1 + created, stored(name));
            get("/api/plans/{name}/versions", name).statusCode(200).body("version", hasSize(1 + created))
                    .body("[0].version", equalTo(1 + created));
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many plans (newest versions) sort before {@code name}: its offset in the unfiltered list. */
    private static int plansBefore(String name) {
        try {
            return io.rewind.executor.TestExecutions.count("SELECT count(DISTINCT name) FROM executor.plans WHERE name < ?", name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
