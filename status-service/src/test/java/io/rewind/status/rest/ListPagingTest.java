package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/** Every admin list is bounded: 50 by default, at most 500, from an offset, with a Link to the next page. */
@QuarkusTest
class ListPagingTest {

    private static final List<String> LISTS = List.of("/api/admin/incidents", "/api/admin/maintenances",
            "/api/admin/components", "/api/admin/component-groups", "/api/admin/templates", "/api/admin/subscribers");

    @Test
    void outOfRangeLimitsAndOffsetsAre400NamingThem() {
        String subscriber = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", "paging",
                "url", "http://127.0.0.1:9/paging")).statusCode(201).extract().path("id");
        try {
            List<String> lists = new ArrayList<>(LISTS);
            lists.add("/api/admin/subscribers/" + subscriber + "/deliveries");
            for (String path : lists) {
                for (String limit : List.of("0", "501", "-1", "ten")) {
                    assertProblem(get(Role.ADMIN, path + "?limit=" + limit), 400, "validation")
                            .body("errors[0].field", equalTo("limit"));
                }
                for (String offset : List.of("-1", "100001", "x")) {
                    assertProblem(get(Role.ADMIN, path + "?offset=" + offset), 400, "validation")
                            .body("errors[0].field", equalTo("offset"));
                }
                get(Role.ADMIN, path + "?limit=500&offset=0").statusCode(200);
            }
        } finally {
            given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/subscribers/{id}", subscriber);
        }
    }

    /** 51 templates: the default page holds 50 and links to the rest, which follow without overlap or gap. */
    @Test
    void aListIsServedFiftyAtATimeWithALinkToTheNextPage() {
        List<String> created = new ArrayList<>();
        String prefix = "zz-paging-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            for (int i = 0; i < 51; i++) {
                created.add(post(Role.ADMIN, "/api/admin/templates", Map.of("name", prefix + "-" + (100 + i),
                        "status", "monitoring", "body", "Page " + i + ".")).statusCode(201).extract().path("id"));
            }
            int total = get(Role.VIEWER, "/api/admin/templates?limit=500").statusCode(200).extract().jsonPath()
                    .getList("id").size();
            assertTrue(total > 50, "more than a page of templates: " + total);

            var first = get(Role.VIEWER, "/api/admin/templates").statusCode(200).extract();
            assertEquals(50, first.jsonPath().getList("id").size(), "50 by default");
            List<String> seen = new ArrayList<>(first.jsonPath().getList("id"));
            String next = next(first.header("Link"));
            while (next != null) {
                var page = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(next).then().statusCode(200)
                        .extract();
                seen.addAll(page.jsonPath().getList("id"));
                next = next(page.header("Link"));
            }
            assertEquals(total, seen.size(), "the pages add up to the whole list");
            assertEquals(total, new HashSet<>(seen).size(), "and never repeat an item");
            assertTrue(seen.containsAll(created));

            var two = get(Role.VIEWER, "/api/admin/templates?limit=2&offset=1").statusCode(200).extract();
            assertEquals(seen.subList(1, 3), two.jsonPath().getList("id"));
            assertTrue(two.header("Link").contains("offset=3") && two.header("Link").contains("limit=2"), two.header("Link"));
            get(Role.VIEWER, "/api/admin/templates?offset=" + total).statusCode(200).body("size()", equalTo(0))
                    .header("Link", nullValue());
        } finally {
            created.forEach(id -> given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                    .delete("/api/admin/templates/{id}", id));
        }
    }

    /** What executor-service calls, without paging parameters, keeps answering with its key. */
    @Test
    void executorServicesCallsKeepWorking() {
        String incident = post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", "Paging executor",
                "body", "Open for the executor.")).statusCode(201).extract().path("id");
        given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/admin/incidents?open=true").then()
                .statusCode(200).body("id", hasItem(incident));
        given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/admin/templates").then()
                .statusCode(200).body("name", hasItem("initial"));
        given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/admin/components").then()
                .statusCode(200);
        post(Role.OPERATOR, "/api/admin/incidents/" + incident + "/updates", Map.of("status", "resolved",
                "body", "Closed again.")).statusCode(201);
    }

    private static String next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
        return m.find() ? m.group(1) : null;
    }
}
