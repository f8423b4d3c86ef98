package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/** Metric sources: admins write them, with secrets by reference; everyone with a key reads them, references only. */
@QuarkusTest
class MetricSourceResourceTest {

    private static final String KEY = "dd-api-key-7e21";

    @TempDir
    Path secrets;

    static String newName() {
        return "src-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse put(Role role, String name, Object body) {
        return given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON).body(body)
                .put("/api/metric-sources/{name}", name).then();
    }

    static ValidatableResponse get(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/metric-sources/{name}", name).then();
    }

    /** A web source at {@code baseUrl} whose API key is read from {@code keyFile}. */
    public static Map<String, Object> datadog(String baseUrl, Path keyFile) {
        return Map.of("kind", "web", "description", "Datadog, EU", "baseUrl", baseUrl, "timeoutSeconds", 5,
                "headers", Map.of("DD-API-KEY", Map.of("file", keyFile.toString()),
                        "DD-APPLICATION-KEY", Map.of("env", "DD_APP_KEY_NOT_SET"), "Accept", Map.of("value", "application/json")));
    }

    @Test
    void anAdminDefinesASourceAndViewersReadItsReferences() throws Exception {
        Path keyFile = secrets.resolve("dd-api-key");
        Files.writeString(keyFile, KEY);
        String name = newName();
        put(Role.ADMIN, name, datadog("https://api.datadoghq.eu/", keyFile)).statusCode(201)
                .header("Location", containsString("/api/metric-sources/" + name))
                .body("baseUrl", equalTo("https://api.datadoghq.eu"));
        get(name).statusCode(200)
                .body("kind", equalTo("web"))
                .body("timeoutSeconds", equalTo(5))
                .body("headers.DD-API-KEY.file", equalTo(keyFile.toString()))
                .body("headers.Accept.value", equalTo("application/json"))
                .body("secrets.find { it.field == 'headers.DD-API-KEY' }.resolvable", equalTo(true))
                .body("secrets.find { it.field == 'headers.DD-APPLICATION-KEY' }.reference.env", equalTo("DD_APP_KEY_NOT_SET"))
                .body("secrets.find { it.field == 'headers.DD-APPLICATION-KEY' }.resolvable", equalTo(false))
                .body(not(containsString(KEY)));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/metric-sources?limit=100").then()
                .statusCode(200).body("name", hasItem(name));
        put(Role.ADMIN, name, Map.of("kind", "web", "baseUrl", "https://api.datadoghq.com")).statusCode(200);
        get(name).statusCode(200).body("baseUrl", equalTo("https://api.datadoghq.com")).body("timeoutSeconds", equalTo(10));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/metric-sources/{name}", name).then()
                .statusCode(204);
        assertProblem(get(name), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "viewer", "operator", "approver", Services.DECISION, Services.EXECUTOR, Services.BACKUP,
            Services.STATUS })
    void onlyAdminsWriteOrDeleteSources(String who) {
        String bearer = Services.isService(who) ? TestKeys.bearer(who) : TestKeys.bearer(Role.parse(who));
        String name = newName();
        assertProblem(given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("kind", "web", "baseUrl", "https://api.datadoghq.com"))
                .put("/api/metric-sources/{name}", name).then(), 403, "forbidden");
        assertProblem(get(name), 404, "not-found");
        String existing = newName();
        put(Role.ADMIN, existing, Map.of("kind", "web", "baseUrl", "https://api.datadoghq.com")).statusCode(201);
        assertProblem(given().header("Authorization", bearer).delete("/api/metric-sources/{name}", existing).then(), 403,
                "forbidden");
        get(existing).statusCode(200).body("baseUrl", equalTo("https://api.datadoghq.com"));
    }

    @Test
    void badSourcesAre400sNamingTheFieldAndNothingIsStored() {
        String name = newName();
        assertProblem(put(Role.ADMIN, name, Map.of("kind", "web", "baseUrl", "https://api.datadoghq.com",
                "headers", Map.of("DD-API-KEY", Map.of("value", KEY), "Host", Map.of("value", "evil.example"),
                        "X-Ref", Map.of("env", "REWIND_DATABASE_PASSWORD")))), 400, "validation")
                .body("errors.field", hasItem("headers.DD-API-KEY"))
                .body("errors.field", hasItem("headers.Host"))
                .body("errors.field", hasItem("headers.X-Ref"))
                .body(not(containsString(KEY)));
        assertProblem(put(Role.ADMIN, name, Map.of("kind", "web", "baseUrl", "https://user:pw@api.datadoghq.com")), 400,
                "validation").body("errors.field", hasItem("baseUrl"));
        assertProblem(put(Role.ADMIN, name, Map.of("kind", "web", "baseUrl", "file:///etc/passwd")), 400, "validation")
                .body("errors.field", hasItem("baseUrl"));
        assertProblem(put(Role.ADMIN, name, Map.of("kind", "prometheus", "baseUrl", "https://x.example",
                "timeoutSeconds", 600)), 400, "validation")
                .body("errors.field", hasItem("kind"))
                .body("errors.field", hasItem("timeoutSeconds"));
        assertProblem(get(name), 404, "not-found");
    }
}
