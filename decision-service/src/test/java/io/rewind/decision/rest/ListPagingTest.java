package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/**
 * Every list of decision-service comes in pages ({@code limit}, default 50 and at most 500, and {@code offset}), with a
 * {@code Link: <…>; rel="next"} on a full page; a limit or offset out of range is a 400 naming it. So do the lists
 * inside one object: a timeline's entries and an analysis' measurements.
 */
@QuarkusTest
class ListPagingTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private static ExtractableResponse<Response> get(String url) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(url).then().statusCode(200).extract();
    }

    private static String next(ExtractableResponse<Response> page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertTrue(m.find(), "a Link to the next page: " + link);
        return m.group(1);
    }

    /** Follows the pages from {@code first}, checking each is at most {@code limit} long; returns every item's {@code field}. */
    private static List<Object> walk(String first, String path, int limit) {
        List<Object> all = new ArrayList<>();
        String url = first;
        for (int pages = 0; url != null; pages++) {
            assertTrue(pages < 20, "the pages end");
            ExtractableResponse<Response> page = get(url);
            List<Object> items = page.jsonPath().getList(path);
            assertTrue(items.size() <= limit, url + " has " + items.size() + " items");
            all.addAll(items);
            url = next(page);
            if (url != null) {
                assertEquals(limit, items.size(), "only a full page links to a next one");
            }
        }
        return all;
    }

    @Test
    void incidentsComeInPagesNewestFirstAndTheLinkKeepsTheFilter() {
        String service = IncidentResourceTest.newService();
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reported.add(0, IncidentResourceTest.report(IncidentResourceTest.signals(service)).statusCode(201).extract().path("id"));
        }
        ExtractableResponse<Response> first = get("/api/incidents?service=" + service + "&limit=2");
        assertEquals(2, first.jsonPath().getList("$").size());
        String next = next(first);
        assertTrue(next.contains("offset=2") && next.contains("limit=2") && next.contains("service=" + service), next);

        List<Object> ids = walk("/api/incidents?service=" + service + "&limit=2", "id", 2);
        assertEquals(3, ids.size());
        assertEquals(3, new HashSet<>(ids).size(), "no incident on two pages");
        assertEquals(Set.copyOf(reported), Set.copyOf(ids));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents?service={s}&offset=3", service)
                .then().statusCode(200).body("$", hasSize(0)).header("Link", nullValue());
    }

    @Test
    void analysesComeInPages() throws Exception {
        String service = IncidentResourceTest.newService();
        List<String> started = new ArrayList<>();
        try {
            for (String release : List.of("v2", "v3", "v4")) {
                started.add(AnalysisResourceTest.start(AnalysisResourceTest.hourly(service, release)).statusCode(201)
                        .extract().path("id"));
            }
            List<Object> ids = walk("/api/analyses?service=" + service + "&limit=2", "id", 2);
            assertEquals(Set.copyOf(started), Set.copyOf(ids));
            assertEquals(3, ids.size());
        } finally {
            AnalysisResourceTest.end(started);
        }
    }

    @Test
    void anAnalysisMeasurementsComeInPagesOldestFirst() {
        String id = AnalysisResourceTest.start(AnalysisResourceTest.analysis(IncidentResourceTest.newService(), "good"))
                .statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> AnalysisResourceTest.get(id).body("phase", equalTo("SUCCESSFUL")));
        ExtractableResponse<Response> first = get("/api/analyses/" + id + "?limit=2");
        assertEquals(List.of(0, 1), first.jsonPath().getList("measurements.round"));
        assertEquals(id, first.jsonPath().getString("id"));
        assertEquals(List.of(0, 1, 2), walk("/api/analyses/" + id + "?limit=2", "measurements.round", 2));
    }

    @Test
    void policyVersionsComeInPagesNewestFirst() {
        String service = IncidentResourceTest.bareService();
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200).extract().jsonPath().getMap("rules");
        for (int score : new int[] { 40, 30, 20 }) {
            rules.put("rollbackScoreAbove", score);
            given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                    .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);
        }
        ExtractableResponse<Response> first = get("/api/policies/" + service + "/versions?limit=2");
        assertEquals(List.of(3, 2), first.jsonPath().getList("version"));
        assertEquals(List.of(3, 2, 1), walk("/api/policies/" + service + "/versions?limit=2", "version", 2));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/policies/{service}/versions", service)
                .then().statusCode(200).body("version", contains(3, 2, 1)).header("Link", nullValue());
    }

    @Test
    void aTimelineComesInPagesInTimeOrder() {
        String id = IncidentResourceTest.report(IncidentResourceTest.signals(IncidentResourceTest.newService()))
                .statusCode(201).extract().path("id");
        IncidentResourceTest.act(id, "reject", TestKeys.bearer(Role.APPROVER), "not now").statusCode(200);
        ExtractableResponse<Response> first = get("/api/incidents/" + id + "/timeline?limit=2");
        assertEquals(List.of("DETECTED", "DECIDED"), first.jsonPath().getList("entries.kind"));
        assertEquals(List.of("DETECTED", "DECIDED", "REJECTED"), walk("/api/incidents/" + id + "/timeline?limit=2",
                "entries.kind", 2));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline?offset=2", id)
                .then().statusCode(200).body("entries.kind", contains("REJECTED")).body("status", equalTo("REJECTED"));
    }

    @Test
    void aLimitOrOffsetOutOfRangeIsA400NamingIt() {
        String incident = IncidentResourceTest.report(IncidentResourceTest.signals(IncidentResourceTest.newService()))
                .statusCode(201).extract().path("id");
        List<String> lists = List.of("/api/incidents", "/api/analyses", "/api/policies/checkout/versions",
                "/api/incidents/" + incident + "/timeline", "/api/analyses/" + UUID.randomUUID());
        Map<String, String> bad = Map.of("limit=0", "limit", "limit=501", "limit", "limit=ten", "limit",
                "offset=-1", "offset", "offset=abc", "offset", "offset=100001", "offset");
        for (String list : lists) {
            for (var query : bad.entrySet()) {
                assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(list + "?" + query.getKey())
                        .then(), 400, "validation")
                        .body("errors[0].field", equalTo(query.getValue()))
                        .body("detail", containsString(query.getValue()));
            }
            given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(list + "?limit=500&offset=0").then()
                    .statusCode(list.startsWith("/api/analyses/") ? 404 : 200);
        }
    }
}
