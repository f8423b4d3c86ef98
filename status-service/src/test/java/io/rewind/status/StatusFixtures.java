package io.rewind.status;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** What status-service tests set up through the admin API, as an operator would. */
public final class StatusFixtures {

    public static final String ISO_WITH_OFFSET = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    private StatusFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse post(Role role, String path, Object body) {
        return given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON).body(body)
                .post(path).then();
    }

    public static ValidatableResponse get(Role role, String path) {
        return given().header("Authorization", TestKeys.bearer(role)).get(path).then();
    }

    public static String component(String name) {
        return post(Role.ADMIN, "/api/admin/components", Map.of("name", name)).statusCode(201).extract().path("id");
    }

    public static String componentStatus(String id) {
        return get(Role.VIEWER, "/api/admin/components/" + id).statusCode(200).extract().path("status");
    }

    public static Map<String, Object> change(String componentId, String status) {
        return Map.of("id", componentId, "status", status);
    }

    /** Opens an incident through the API and returns its id. */
    public static String incident(String name, String impact, List<Map<String, Object>> components) {
        return post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name, "status", "investigating",
                "impact", impact, "body", "We are investigating reports of errors in " + name + ".",
                "components", components)).statusCode(201).extract().path("id");
    }

    public static ValidatableResponse update(String incidentId, String status, String body,
            List<Map<String, Object>> components) {
        return post(Role.OPERATOR, "/api/admin/incidents/" + incidentId + "/updates",
                Map.of("status", status, "body", body, "components", components));
    }

    public static int count(String sql, Object... parameters) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public static void execute(String sql, Object... parameters) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
