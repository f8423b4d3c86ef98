package io.rewind.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import io.rewind.common.security.Role;

/**
 * What a hostile or careless client finds: every operation of the OpenAPI document walked with bad input under every
 * key, public health without details, and every service's key held to its rows of README's least-privilege table.
 * Each service's {@code HostileClientTest} extends it, annotated {@code @QuarkusTest}.
 */
public abstract class HostileClientChecks {

    private final String service;

    protected HostileClientChecks(String service) {
        this.service = service;
    }

    @Test
    public void badInputIsAlwaysA4xxProblemAndNeverA500() throws Exception {
        BadInputWalk.Report report = BadInputWalk.walk(RestAssured.port, service);
        System.out.println("bad-input walk: " + report.summary());
        List<String> failures = report.failures();
        assertTrue(failures.isEmpty(), report.summary() + "\n" + String.join("\n",
                failures.subList(0, Math.min(80, failures.size()))));
        assertEquals(0, report.count(500, 599));
        assertTrue(report.count(400, 499) > 100, "the walk reached the operations: " + report.summary());
    }

    @Test
    public void healthWithoutAKeySaysOnlyUpOrDown() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started")) {
            given().get(path).then().statusCode(anyOf(is(200), is(503))).body("size()", is(1))
                    .body("status", anyOf(is("UP"), is("DOWN")));
        }
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then()
                .body("checks", not(empty()));
        given().get("/q/health/well").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-key").get("/q/health/ready").then().statusCode(401);
    }

    @Test
    public void eachServiceKeyOpensExactlyItsRowsOfTheReadmeTable() throws Exception {
        int[] calls = { 0 };
        List<String> problems = ServiceGrants.check(RestAssured.port, service, calls);
        System.out.println("service-grants check: " + service + ", " + calls[0] + " calls");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
