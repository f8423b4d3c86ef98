package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * A viewer reads every plan and execution: a credential a reviewed plan carries in a step's text (a down-migration that
 * resets a role's password) is shown masked, in the plan, in an execution of it and in the list, while what is stored
 * and run is the script as written.
 */
@QuarkusTest
class ViewerSecretsTest {

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    @Test
    void aPasswordInADownMigrationScriptIsShownMaskedAndStoredAsWritten() throws Exception {
        String password = "hunter2-" + UUID.randomUUID();
        String script = "ALTER TABLE orders DROP COLUMN coupon_code;\nALTER ROLE orders_reader PASSWORD '" + password + "';";
        String database = TestTargets.define(TargetKind.POSTGRES, TestTargets.validSpec(TargetKind.POSTGRES));
        String service = TestPlans.newName("orders");
        Map<String, Object> step = TestPlans.step("down", StepKind.POSTGRES_DOWN_MIGRATION.id(), database,
                Map.of("script", script, "expectedVersionBefore", "42", "expectedVersionAfter", "41"));
        String plan = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("down"), service, List.of(step))).post("/api/plans").then()
                .statusCode(201).body(not(containsString(password))).extract().path("id");

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/plans/{id}", plan).then().statusCode(200)
                .body("steps[0].params.script", containsString("ALTER TABLE orders DROP COLUMN coupon_code;"))
                .body("steps[0].params.script", containsString("PASSWORD '***"))
                .body(not(containsString(password)));

        String id = given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("planId", plan)).post("/api/executions").then().statusCode(202)
                .body(not(containsString(password))).extract().path("id");
        TestExecutions.get(id).statusCode(200).body("steps[0].params.script", containsString("PASSWORD '***"))
                .body(not(containsString(password)));

        assertEquals(1, TestExecutions.count("SELECT count(*) FROM executor.execution_steps WHERE execution_id = ?::uuid"
                + " AND params->>'script' LIKE '%" + password + "%'", id), "the script runs as written");
    }
}
