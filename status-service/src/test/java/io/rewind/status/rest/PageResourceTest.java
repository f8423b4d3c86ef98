package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.status.StatusFixtures.change;
import static io.rewind.status.StatusFixtures.component;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.common.security.Role;
import io.rewind.status.StatusFixtures;

/** The HTML pages and the feed, and how the public side is cached: what a reader's browser and a CDN see. */
@QuarkusTest
class PageResourceTest {

    @Test
    void theIncidentPageShowsItsUpdatesNewestFirstAndTheHomePageLinksIt() {
        String api = component(unique("Payments API"));
        String name = unique("Card payments failing");
        String id = incident(name, "major", List.of(change(api, "partial_outage")));
        update(id, "identified", "A <b>certificate</b> expired; renewing it now.", List.of()).statusCode(201);

        String home = given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<main id=\"content\">"))
                .body(containsString("Active incidents"))
                .body(containsString("href=\"/incidents/" + id + "\""))
                .body(containsString("Partial outage"))
                .extract().asString();
        assertTrue(home.contains("A &lt;b&gt;certificate&lt;/b&gt; expired"), "update text is escaped, never markup");

        String page = given().get("/incidents/{id}", id).then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<h1>" + name + "</h1>")).extract().asString();
        assertTrue(page.indexOf("Identified") < page.indexOf("Investigating"), "newest update first");

        given().get("/incidents/{id}", UUID.randomUUID()).then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("could not find"));
        given().get("/incidents/{id}", "not-an-id").then().statusCode(404);
        // A client that takes no HTML gets the problem+json every other 404 of Rewind is.
        io.rewind.common.testing.Problems.assertProblem(given().accept("application/json")
                .get("/incidents/{id}", UUID.randomUUID()).then(), 404, "not-found");
        given().accept("application/json").get("/incidents/{id}", id).then().statusCode(200);
    }

    @Test
    void historyAndTheAtomFeedListIncidents() {
        String name = unique("Login outage");
        String id = incident(name, "critical", List.of());
        update(id, "resolved", "Logins work again.", List.of()).statusCode(201);

        given().get("/history").then().statusCode(200).body(containsString(name))
                .body(containsString("Incident history"));
        given().get("/feed.atom").then().statusCode(200).contentType(startsWith("application/atom+xml"))
                .body(containsString("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
                .body(containsString("urn:uuid:" + id))
                .body(containsString("[Resolved] " + name))
                .body(containsString("Logins work again."));
    }

    @Test
    void publicDocumentsCarryValidatorsAnd304WhenUnchanged() {
        for (String path : List.of("/", "/api/v2/summary.json")) {
            ExtractableResponse<Response> first = given().get(path).then().statusCode(200)
                    .header("ETag", notNullValue()).header("Last-Modified", notNullValue())
                    .header("Cache-Control", containsString("max-age")).extract();
            String etag = first.header("ETag");
            given().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", equalTo(etag));
            given().header("If-Modified-Since", first.header("Last-Modified")).get(path).then().statusCode(304);
            given().header("If-None-Match", "\"something-else\"").get(path).then().statusCode(200);
        }
    }

    @Test
    void aChangeThroughTheAdminApiShowsAtOnce() {
        String before = given().get("/api/v2/summary.json").then().statusCode(200).extract().header("ETag");
        String name = unique("Fresh incident");
        incident(name, "minor", List.of());
        var after = given().header("If-None-Match", before).get("/api/v2/summary.json").then().statusCode(200)
                .body(containsString(name)).extract();
        assertNotEquals(before, after.header("ETag"));
        given().get("/").then().statusCode(200).body(containsString(name));
    }

    @Test
    void publicDocumentsAreCompressedForClientsThatAcceptIt() {
        for (String path : List.of("/", "/api/v2/summary.json")) {
            var response = given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                    .header("Accept-Encoding", "gzip").get(path).then().statusCode(200).extract();
            assertEquals("gzip", response.header("Content-Encoding"), path);
        }
        given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").get("/api/v2/status.json").then().statusCode(200)
                .header("Content-Encoding", nullValue());
    }

    /** The page's uptime and uptime.json's come from one computation: the same number for the same component. */
    @Test
    void theHtmlPageAndUptimeJsonShowTheSameUptime() throws Exception {
        String name = unique("Uptime API");
        String api = component(name);
        String started = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).toString();
        String id = StatusFixtures.post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", unique("Uptime outage"),
                "impact", "major", "body", "Errors since the day before yesterday.", "startedAt", started,
                "components", List.of(change(api, "partial_outage")))).statusCode(201).extract().path("id");

        JsonNode uptime = new ObjectMapper().readTree(given().get("/api/v2/uptime.json").then().statusCode(200)
                .extract().asString());
        JsonNode mine = null;
        for (JsonNode c : uptime.get("components")) {
            if (c.get("id").asText().equals(api)) {
                mine = c;
            }
        }
        assertEquals(3, mine.get("days_with_incidents").asInt(), "the day it started, yesterday and today");
        assertEquals("partial_outage", mine.at("/days/0/status").asText());
        BigDecimal json = new BigDecimal(mine.get("uptime_percentage").asText());

        String html = given().get("/").then().statusCode(200).extract().asString();
        Matcher label = Pattern.compile(Pattern.quote(name) + ", last 90 days: 3 days with incidents \\(([0-9.]+)% of days "
                + "without incidents\\)").matcher(html);
        assertTrue(label.find(), "the component's bar says its uptime");
        BigDecimal page = new BigDecimal(label.group(1));
        assertEquals(0, json.compareTo(page), "uptime.json says " + json + ", the page " + page);
        assertEquals(0, new BigDecimal("96.66").compareTo(page), "87 of 90 days without incidents");

        update(id, "resolved", "Fixed.", List.of()).statusCode(201);
    }
}
