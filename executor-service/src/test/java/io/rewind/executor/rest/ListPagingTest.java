package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * Every list endpoint answers a page (limit default 50, at most 500; offset), with Link rel=next on a full page, and a
 * page out of range is a 400 naming limit or offset: no client receives an unbounded list.
 */
@QuarkusTest
class ListPagingTest {

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static ValidatableResponse read(String path) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(path).then();
    }

    private static Map<String, Object> waitStep(String name) {
        return TestPlans.step(name, StepKind.WAIT.id(), Map.of("duration", "PT1H"));
    }

    private static String plan(String name, String service) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(name, service, List.of(waitStep("hold")))).post("/api/plans").then().statusCode(201)
                .extract().path("id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/executions", "/api/plans", "/api/targets" })
    void aPageOutOfRangeIsA400NamingWhatIsWrong(String path) {
        for (String query : List.of("limit=0", "limit=501", "limit=ten", "limit=1.5")) {
            assertProblem(read(path + "?" + query), 400, "validation").body("errors[0].field", equalTo("limit"));
        }
        for (String query : List.of("offset=-1", "offset=100001", "offset=x")) {
            assertProblem(read(path + "?" + query), 400, "validation").body("errors[0].field", equalTo("offset"));
        }
        read(path + "?limit=500&offset=0").statusCode(200).body("size()", lessThanOrEqualTo(500));
        read(path).statusCode(200).body("size()", lessThanOrEqualTo(50));
    }

    @Test
    void executionsPageNewestFirst() {
        String target = TestPlans.newName("svc");
        String older = start(TestExecutions.dryRun(inline(target, List.of(waitStep("a"))))).statusCode(202).extract().path("id");
        String newer = start(TestExecutions.dryRun(inline(target, List.of(waitStep("b"))))).statusCode(202).extract().path("id");

        read("/api/executions?target=" + target + "&limit=1").statusCode(200).body("id", contains(newer))
                .header("Link", containsString("offset=1"));
        read("/api/executions?target=" + target + "&limit=1&offset=1").statusCode(200).body("id", contains(older));
        read("/api/executions?target=" + target + "&limit=2&offset=2").statusCode(200).body("", hasSize(0))
                .header("Link", nullValue());
    }

    @Test
    void plansAndTheirVersionsPage() {
        String service = TestPlans.newName("svc");
        String first = TestPlans.newName("rollback");
        plan(first, service);
        plan(first, service);
        String v3 = plan(first, service);
        plan(TestPlans.newName("rollback"), service);

        read("/api/plans?service=" + service + "&limit=1").statusCode(200).body("", hasSize(1))
                .header("Link", containsString("offset=1"));
        read("/api/plans?service=" + service + "&limit=1&offset=1").statusCode(200).body("", hasSize(1));
        read("/api/plans?service=" + service + "&offset=2").statusCode(200).body("", hasSize(0));

        read("/api/plans/" + first + "/versions?limit=2").statusCode(200).body("version", contains(3, 2))
                .body("[0].id", equalTo(v3)).header("Link", containsString("offset=2"));
        read("/api/plans/" + first + "/versions?limit=2&offset=2").statusCode(200).body("version", contains(1));
        read("/api/plans/" + first + "/versions?offset=9").statusCode(200).body("", hasSize(0));
        assertProblem(read("/api/plans/" + TestPlans.newName("nothing") + "/versions?offset=9"), 404, "not-found");
        assertProblem(read("/api/plans/" + first + "/versions?limit=0"), 400, "validation")
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void targetsPageByName() {
        TestTargets.define(TargetKind.HTTP, Map.of("baseUrl", "https://a.example.com"));
        TestTargets.define(TargetKind.HTTP, Map.of("baseUrl", "https://b.example.com"));
        List<String> names = read("/api/targets?limit=500").statusCode(200).extract().path("name");
        read("/api/targets?limit=1&offset=1").statusCode(200).body("name", contains(names.get(1)))
                .header("Link", containsString("offset=2"));
    }

    @Test
    void aServiceKeyListsOnlyTheExecutionsItStarted() {
        String target = TestPlans.newName("svc");
        String mine = given().header("Authorization", TestKeys.bearer(Services.DECISION)).contentType(ContentType.JSON)
                .body(Map.of("planId", plan(TestPlans.newName("rollback"), target))).post("/api/executions").then()
                .statusCode(202).extract().path("id");
        String someoneElses = start(TestExecutions.dryRun(inline(target, List.of(waitStep("look"))))).statusCode(202)
                .extract().path("id");

        given().header("Authorization", TestKeys.bearer(Services.DECISION)).get("/api/executions?target=" + target).then()
                .statusCode(200).body("id", contains(mine));
        read("/api/executions?target=" + target).statusCode(200).body("", hasSize(2));
        given().header("Authorization", TestKeys.bearer(Services.DECISION)).get("/api/executions/" + mine).then()
                .statusCode(200);
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.DECISION))
                .get("/api/executions/" + someoneElses).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.DECISION))
                .get("/api/executions/" + someoneElses + "/events").then(), 404, "not-found");
    }
}
