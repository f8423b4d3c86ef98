package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.BackupServiceStub;

/** Releases and seed 003's preflight, against backup-service's recorded answers and the test Prometheus. */
@QuarkusTest
class ReleaseResourceTest {

    static final String HEALTHY = "100 * sum(http_requests_total{service=\"good\",code=\"500\"}) / sum(http_requests_total{service=\"good\"})";
    static final String FAILING = "100 * sum(http_requests_total{service=\"bad\",code=\"500\"}) / sum(http_requests_total{service=\"bad\"})";

    /** The test Prometheus has scraped its first samples: the baseline queries have a value. */
    @BeforeAll
    static void prometheusHasSamples() {
        String prometheus = ConfigProvider.getConfig().getValue("quarkus.rest-client.prometheus.url", String.class);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(prometheus).port(-1)
                .queryParam("query", FAILING).get("/api/v1/query").then().statusCode(200).body("data.result", hasSize(1)));
    }

    static Map<String, Object> release(String service, String version, String migration) {
        Map<String, Object> body = new HashMap<>();
        body.put("service", service);
        body.put("version", version);
        body.put("image", "registry.example/" + service + ":" + version);
        body.put("commit", "9f1c2ab");
        body.put("migration", migration);
        return body;
    }

    static ValidatableResponse record(Map<String, Object> body) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON).body(body)
                .post("/api/releases").then();
    }

    static ValidatableResponse get(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/releases/{id}", id).then().statusCode(200);
    }

    static String database() {
        return "db-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * backup-service takes a backup of {@code db} (id {@code bk-<db>}) that succeeds, accepts its verification, and
     * lists {@code verifications} for it.
     */
    static String backupThatVerifies(String db, String verifications) {
        String backup = "bk-" + db;
        BackupServiceStub.route("POST", "/api/databases/" + db + "/backups", 202,
                "{\"id\": \"" + backup + "\", \"status\": \"PENDING\"}");
        BackupServiceStub.route("GET", "/api/backups/" + backup, 200, "{\"id\": \"" + backup + "\", \"status\": \"SUCCEEDED\"}");
        BackupServiceStub.route("POST", "/api/backups/" + backup + "/verifications", 202, "{\"id\": \"v-1\", \"status\": \"PENDING\"}");
        BackupServiceStub.route("GET", "/api/backups/" + backup + "/verifications", 200, verifications);
        return backup;
    }

    static long releasesOf(String service) throws Exception {
        return AlertResourceTest.rows("SELECT count(*) FROM decision.releases WHERE service = ?", service);
    }

    @Test
    void aReleaseIsRecordedWithItsPreflightAndTheNextTakesItAsLastKnownGood() throws Exception {
        String service = IncidentResourceTest.newService();
        Map<String, Object> first = release(service, "v1.0.0", "ADDITIVE");
        first.put("baselineQuery", HEALTHY);
        String id = record(first).statusCode(201).header("Location", containsString("/api/releases/"))
                .body("status", equalTo("READY"))
                .body("lastKnownGood", nullValue())
                .body("releasedBy", equalTo("test-operator"))
                .body("preflight.name", equalTo(List.of("backup", "migration", "healthBaseline")))
                .body("preflight.outcome", equalTo(List.of("SKIPPED", "PASSED", "PASSED")))
                .body("preflight[2].reason", containsString("error rate 0% is below 5%"))
                .extract().path("id");

        Map<String, Object> second = release(service, "v1.1.0", "REVERSIBLE");
        second.put("featureFlag", "new-checkout");
        second.put("blueGreen", true);
        second.put("baselineQuery", FAILING);
        record(second).statusCode(201)
                .body("status", equalTo("PREFLIGHT_FAILED"))
                .body("lastKnownGood", equalTo("v1.0.0"))
                .body("featureFlag", equalTo("new-checkout"))
                .body("blueGreen", equalTo(true))
                .body("preflight[1].outcome", equalTo("FAILED"))
                .body("preflight[1].reason", containsString("names no reviewed down-migration"))
                .body("preflight[2].outcome", equalTo("FAILED"))
                .body("preflight[2].reason", containsString("is not below 5%"));

        Map<String, Object> third = release(service, "v1.2.0", "REVERSIBLE");
        third.put("downMigration", "migrate-down-v1.2.0");
        third.put("lastKnownGood", "v0.9.0");
        record(third).statusCode(201).body("status", equalTo("READY")).body("lastKnownGood", equalTo("v0.9.0"))
                .body("preflight[1].reason", containsString("migrate-down-v1.2.0"))
                .body("preflight[2].outcome", equalTo("SKIPPED"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/releases?service={s}", service).then()
                .statusCode(200).body("version", equalTo(List.of("v1.2.0", "v1.1.0", "v1.0.0")));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/releases?service={s}&limit=1&offset=1", service)
                .then().statusCode(200).body("version", equalTo(List.of("v1.1.0")))
                .header("Link", containsString("offset=2"));
        get(id).body("version", equalTo("v1.0.0")).body("commit", equalTo("9f1c2ab"))
                .body("image", equalTo("registry.example/" + service + ":v1.0.0"));
        assertEquals(3, releasesOf(service));
    }

    @Test
    void requirePreflightRefusesAFailingReleaseAndStoresNothing() throws Exception {
        String service = IncidentResourceTest.newService();
        Map<String, Object> body = release(service, "v2.0.0", "IRREVERSIBLE");
        body.put("requirePreflight", true);
        assertProblem(record(body), 422, "conflict")
                .body("detail", containsString("migration: irreversible and no verified backup"))
                .body("preflight.outcome", hasItem("FAILED"));
        assertEquals(0, releasesOf(service));
        body.put("migration", "NONE");
        record(body).statusCode(201).body("status", equalTo("READY"));
    }

    @Test
    void aVerifiedBackupIsLookedForAndAnIrreversibleMigrationNeedsIt() throws Exception {
        String ready = database();
        BackupServiceStub.route("GET", "/api/databases/" + ready + "/readiness", 200, """
                {"ready": true, "newestVerifiedBackup": {"id": "b-9"}, "age": "PT1H5M", "reasons": []}""");
        String service = IncidentResourceTest.newService();
        Map<String, Object> body = release(service, "v3.0.0", "IRREVERSIBLE");
        body.put("database", ready);
        record(body).statusCode(201).body("status", equalTo("READY"))
                .body("preflight[0].outcome", equalTo("PASSED"))
                .body("preflight[0].reason", containsString("verified backup b-9"))
                .body("preflight[1].outcome", equalTo("PASSED"));
        assertTrue(BackupServiceStub.REQUESTS.stream().anyMatch(r -> r.startsWith("/api/databases/" + ready
                + "/readiness?maxAgeHours=4")), "asked with the policy's readiness age");

        String stale = database();
        BackupServiceStub.route("GET", "/api/databases/" + stale + "/readiness", 200, """
                {"ready": false, "newestVerifiedBackup": null, "reasons": ["the newest verified backup is 9 h old"]}""");
        body.put("database", stale);
        body.put("version", "v3.0.1");
        record(body).statusCode(201).body("status", equalTo("PREFLIGHT_FAILED"))
                .body("preflight[0].reason", containsString("9 h old"))
                .body("preflight[1].outcome", equalTo("FAILED"));
    }

    @Test
    void takeBackupTakesAndVerifiesOneAfterAnsweringAndTheReleaseThenIsReady() throws Exception {
        String db = database();
        String backup = backupThatVerifies(db, """
                [{"id": "v-1", "status": "VERIFIED", "phases": [{"name": "restore", "status": "PASSED"}]}]""");
        String service = IncidentResourceTest.newService();
        Map<String, Object> body = release(service, "v4.0.0", "IRREVERSIBLE");
        body.put("database", db);
        body.put("takeBackup", true);
        String id = record(body).statusCode(201).body("status", equalTo("PREFLIGHT_RUNNING"))
                .body("preflight[0].outcome", equalTo("RUNNING")).body("preflight[1].outcome", equalTo("RUNNING"))
                .extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(id).body("status", equalTo("READY")));
        get(id).body("backupId", equalTo(backup))
                .body("preflight[0].outcome", equalTo("PASSED"))
                .body("preflight[0].reason", containsString("taken and verified"))
                .body("preflight[1].outcome", equalTo("PASSED"));
        assertTrue(BackupServiceStub.CALLS.stream().anyMatch(c -> c.startsWith("POST /api/databases/" + db + "/backups")
                && c.contains("\"reason\":\"pre-deploy\"") && c.contains("\"releaseTag\":\"v4.0.0\"")), "a pre-deploy backup");
        assertTrue(BackupServiceStub.CALLS.contains("POST /api/backups/" + backup + "/verifications "), "then verified");
        assertEquals(1, BackupServiceStub.CALLS.stream().filter(c -> c.startsWith("POST /api/databases/" + db)).count(),
                "one backup taken");
    }

    @Test
    void aBackupThatDoesNotVerifyFailsThePreflightAndSaysWhichPhase() {
        String db = database();
        backupThatVerifies(db, """
                [{"id": "v-2", "status": "FAILED", "phases": [{"name": "checksum", "status": "PASSED"},
                  {"name": "compare", "status": "FAILED", "detail": "orders: 120 rows, 118 restored"}]}]""");
        Map<String, Object> body = release(IncidentResourceTest.newService(), "v5.0.0", "NONE");
        body.put("database", db);
        body.put("takeBackup", true);
        String id = record(body).statusCode(201).body("status", equalTo("PREFLIGHT_RUNNING")).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(id).body("status", equalTo("PREFLIGHT_FAILED")));
        get(id).body("preflight[0].reason", containsString("did not verify: compare orders: 120 rows, 118 restored"))
                .body("preflight[1].outcome", equalTo("PASSED"));

        // A database backup-service does not know: refused at once, not retried.
        String unknown = database();
        BackupServiceStub.route("POST", "/api/databases/" + unknown + "/backups", 404, "{\"status\": 404}");
        body.put("database", unknown);
        String refused = record(body).statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(refused)
                .body("status", equalTo("PREFLIGHT_FAILED")).body("preflight[0].reason", containsString("HTTP 404")));
    }

    @Test
    void incidentsLinkToTheirServicesLatestReleaseAndTakeWhatTheyLeaveOut() {
        String service = IncidentResourceTest.newService();
        record(release(service, "v1.4.2", "NONE")).statusCode(201);
        Map<String, Object> bad = release(service, "v1.5.0", "REVERSIBLE");
        bad.put("downMigration", "migrate-down");
        bad.put("featureFlag", "new-pricing");
        bad.put("blueGreen", true);
        String releaseId = record(bad).statusCode(201).extract().path("id");

        Map<String, Object> signals = IncidentResourceTest.signals(service);
        signals.remove("release");
        signals.remove("dataMigration");
        IncidentResourceTest.report(signals).statusCode(201)
                .body("release.id", equalTo(releaseId))
                .body("release.version", equalTo("v1.5.0"))
                .body("release.lastKnownGood", equalTo("v1.4.2"))
                .body("signals.release.from", equalTo("v1.4.2"))
                .body("signals.release.to", equalTo("v1.5.0"))
                .body("signals.dataMigration", equalTo("REVERSIBLE"))
                .body("signals.featureFlagged", equalTo(true))
                .body("signals.blueGreen", equalTo(true));

        // What the report says wins; a release the service has no record of links nothing.
        Map<String, Object> named = IncidentResourceTest.signals(service);
        named.put("release", Map.of("from", "v1.4.0", "to", "v1.5.0"));
        named.put("featureFlagged", false);
        IncidentResourceTest.report(named).statusCode(201).body("release.id", equalTo(releaseId))
                .body("release.lastKnownGood", equalTo("v1.4.0")).body("signals.featureFlagged", equalTo(false))
                .body("signals.dataMigration", equalTo("NONE"));
        named.put("release", Map.of("from", "v1.5.0", "to", "v1.6.0-unrecorded"));
        IncidentResourceTest.report(named).statusCode(201).body("release", nullValue());
    }

    @Test
    void aReleaseCanStartItsAnalysisWithItsVersions() throws Exception {
        String service = IncidentResourceTest.newService();
        record(release(service, "v1", "NONE")).statusCode(201);
        Map<String, Object> analysis = AnalysisResourceTest.analysis(service, "good");
        analysis.remove("service");
        analysis.remove("release");
        Map<String, Object> body = release(service, "v2", "NONE");
        body.put("analysis", analysis);
        String analysisId = record(body).statusCode(201).body("analysisId", notNullValue()).extract().path("analysisId");
        AnalysisResourceTest.get(analysisId).body("service", equalTo(service))
                .body("spec.release.from", equalTo("v1")).body("spec.release.to", equalTo("v2"));

        Map<String, Object> invalid = new HashMap<>(analysis);
        invalid.put("interval", "PT0S");
        body.put("version", "v3");
        body.put("analysis", invalid);
        assertProblem(record(body), 400, "validation").body("errors[0].field", equalTo("analysis.interval"));
        invalid.put("interval", "PT1S");
        invalid.put("service", "another-service");
        assertProblem(record(body), 400, "validation").body("errors[0].field", equalTo("analysis.service"));
        body.put("takeBackup", true);
        body.remove("analysis");
        assertProblem(record(body), 400, "validation").body("errors[0].field", equalTo("database"));
        assertEquals(2, releasesOf(service), "the refused releases stored nothing");
    }

    @Test
    void operatorsRecordAndViewersRead() throws Exception {
        String service = IncidentResourceTest.newService();
        Map<String, Object> body = release(service, "v1", "NONE");
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/releases").then(), 401, "unauthorized");
        for (String bearer : new String[] { TestKeys.bearer(Role.VIEWER), TestKeys.bearer(Services.DECISION),
                TestKeys.bearer(Services.EXECUTOR), TestKeys.bearer(Services.BACKUP), TestKeys.bearer(Services.STATUS) }) {
            assertProblem(given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                    .post("/api/releases").then(), 403, "forbidden");
        }
        assertEquals(0, releasesOf(service));
        String id = record(body).statusCode(201).extract().path("id");
        get(id).body("service", equalTo(service));
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/releases").then(),
                403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/releases/{id}",
                UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/releases?service=Bad_Name")
                .then(), 400, "validation");
    }
}
