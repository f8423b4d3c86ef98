package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** Every error is an RFC 9457 problem; an unexpected one carries an error id that is in the log too. */
@QuarkusTest
class ProblemContractTest {

    @Test
    void anUnexpectedErrorIsA500WithAnErrorIdThatIsLoggedAndNoDetailsLeak() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.rewind.common.problem.ProblemMappers");
        logger.addHandler(capture);
        try {
            String errorId = assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                    .get("/test/failure").then(), 500, "internal")
                    .body("errorId", matchesPattern("[0-9a-f-]{36}"))
                    .body("instance", equalTo("/test/failure"))
                    .body(not(containsString("hunter2")))
                    .extract().path("errorId");
            assertTrue(records.stream().anyMatch(r -> formatted(r).contains(errorId) && r.getThrown() != null
                    && FailingResource.SECRET.equals(r.getThrown().getMessage())),
                    "the error id is logged with the cause");
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static String formatted(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }

    @Test
    void anUnknownPathIsA404Problem() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/nothing-here").then(),
                404, "not-found").body("instance", equalTo("/api/nothing-here"));
    }

    @Test
    void aWrongMethodIsA405Problem() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/policies/checkout").then(),
                405, "method-not-allowed").body("detail", containsString("DELETE"));
    }

    @Test
    void aQueryParameterThatDoesNotParseIsA400NamingIt() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?limit=ten")
                .then(), 400, "validation").body("errors[0].field", equalTo("limit"))
                .body("errors[0].message", equalTo("must be a whole number from 1 to 500 (got 'ten')"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/analyses?limit=0")
                .then(), 400, "validation").body("errors[0].field", equalTo("limit"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?status=open")
                .then(), 400, "validation").body("errors[0].field", equalTo("status"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?limit=2").then()
                .statusCode(200);
    }
}
