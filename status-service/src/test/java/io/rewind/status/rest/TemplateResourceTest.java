package io.rewind.status.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

@QuarkusTest
class TemplateResourceTest {

    private static final String INITIAL = "00000000-0000-0000-0000-000000000001";
    private static final String RESOLUTION = "00000000-0000-0000-0000-000000000003";

    @Test
    void theRunbooksThreeTemplatesAreThereFromTheStart() {
        get(Role.VIEWER, "/api/admin/templates").statusCode(200)
                .body("name", hasItems("initial", "progress", "resolution"));
        get(Role.VIEWER, "/api/admin/templates/" + INITIAL).statusCode(200)
                .body("status", equalTo("identified"))
                .body("placeholders", equalTo(List.of("service", "eta", "impact")))
                .body("body", startsWith("We are currently experiencing issues with {{service}}."));
    }

    @Test
    void aTemplateRendersWithItsVariablesAndRefusesMissingOnes() {
        post(Role.OPERATOR, "/api/admin/templates/" + INITIAL + "/render",
                Map.of("variables", Map.of("service", "Checkout", "eta", "30 minutes", "impact", "Payments fail for 20% of users")))
                .statusCode(200)
                .body("body", startsWith("We are currently experiencing issues with Checkout. Our engineering team has "
                        + "identified the problem and is implementing a fix. We expect resolution within 30 minutes."));
        assertProblem(post(Role.OPERATOR, "/api/admin/templates/" + INITIAL + "/render",
                Map.of("variables", Map.of("service", "Checkout"))), 400, "validation")
                .body("errors[0].field", equalTo("variables"))
                .body("errors[0].message", equalTo("needs a value for eta, impact"));
    }

    @Test
    void anUpdateCanBeWrittenFromATemplate() {
        String id = post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", unique("Search down"),
                "status", "identified", "templateId", INITIAL,
                "variables", Map.of("service", "Search", "eta", "1 hour", "impact", "No search results")))
                .statusCode(201)
                .body("updates[0].body", startsWith("We are currently experiencing issues with Search."))
                .extract().path("id");
        post(Role.OPERATOR, "/api/admin/incidents/" + id + "/updates", Map.of("status", "resolved",
                "templateId", RESOLUTION, "variables", Map.of("service", "Search")))
                .statusCode(201)
                .body("updates[0].body", startsWith("Resolved: The issue affecting Search has been resolved."));
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents/" + id + "/updates", Map.of("status", "postmortem",
                "templateId", RESOLUTION)), 400, "validation").body("errors[0].field", equalTo("variables"));
    }

    @Test
    void adminsManageTemplates() {
        String name = unique("rollback");
        String id = post(Role.ADMIN, "/api/admin/templates", Map.of("name", name, "status", "monitoring",
                "body", "We rolled {{service}} back to {{version}}.")).statusCode(201)
                .body("placeholders", equalTo(List.of("service", "version"))).extract().path("id");
        assertProblem(post(Role.ADMIN, "/api/admin/templates", Map.of("name", name.toUpperCase(), "status", "monitoring",
                "body", "x")), 409, "conflict");
        assertProblem(post(Role.OPERATOR, "/api/admin/templates", Map.of("name", unique("op"), "status", "monitoring",
                "body", "x")), 403, "forbidden");
        RestAssured.given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "status", "resolved", "body", "All good with {{service}}."))
                .put("/api/admin/templates/{id}", id).then().statusCode(200)
                .body("status", equalTo("resolved")).body("placeholders", equalTo(List.of("service")));
        RestAssured.given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/templates/{id}", id)
                .then().statusCode(204);
        assertProblem(get(Role.VIEWER, "/api/admin/templates/" + id), 404, "not-found");
    }
}
