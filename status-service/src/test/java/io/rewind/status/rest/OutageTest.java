package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.testing.PostgresResource;
import io.rewind.status.StatusFixtures;
import io.rewind.status.service.PublicCache;

/** With PostgreSQL down, customers still get the last good page and JSON, told how old it is; never a 500. */
@QuarkusTest
class OutageTest {

    @Inject
    PublicCache cache;

    @Test
    void withPostgresqlDownThePublicSideServesTheLastGoodCopyAndSaysHowOld() throws Exception {
        String name = unique("Before the outage");
        incident(name, "major", List.of());
        given().get("/").then().statusCode(200).body(containsString(name));
        given().get("/api/v2/summary.json").then().statusCode(200);

        try (AutoCloseable outage = PostgresResource.refuseConnections()) {
            // Forces a read of the database, as the cache's time-to-live running out would.
            cache.invalidate();
            given().get("/api/v2/summary.json").then().statusCode(200)
                    .header(PublicResponses.DATA_AS_OF, matchesPattern(StatusFixtures.ISO_WITH_OFFSET))
                    .header("Age", notNullValue())
                    .body("page.id", equalTo("rewind"))
                    .body(containsString(name));
            given().get("/").then().statusCode(200)
                    .header(PublicResponses.DATA_AS_OF, notNullValue())
                    .body(containsString("This page may be out of date."))
                    .body(containsString(name));
            for (String path : List.of("/history", "/feed.atom", "/api/v2/status.json", "/api/v2/components.json",
                    "/api/v2/incidents.json", "/api/v2/scheduled-maintenances/upcoming.json")) {
                given().get(path).then().statusCode(200).header(PublicResponses.DATA_AS_OF, notNullValue());
            }
        } finally {
            cache.invalidate();
        }
        // Back to normal: fresh data, no note, and ready again.
        waitUntilFresh();
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("may be out of date")));
        waitUntilReady();
    }

    /** Readiness reports PostgreSQL down during the outage; it must come back up without a restart. */
    private void waitUntilReady() throws InterruptedException {
        String last = null;
        for (int i = 0; i < 50; i++) {
            var response = given().get("/q/health/ready").then().extract();
            if (response.statusCode() == 200) {
                return;
            }
            last = response.asString();
            Thread.sleep(200);
        }
        throw new AssertionError("not ready again after PostgreSQL came back: " + last);
    }

    /** Connections the outage dropped are replaced on demand; the first reads after it may still fail over. */
    private void waitUntilFresh() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            cache.invalidate();
            if (given().get("/api/v2/status.json").then().extract().header(PublicResponses.DATA_AS_OF) == null) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the public side did not recover after PostgreSQL came back");
    }
}
