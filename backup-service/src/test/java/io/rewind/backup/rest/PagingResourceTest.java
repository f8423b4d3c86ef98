package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;

/** Every list is a page: ?limit (1 to 500, default 50) from ?offset, newest first, with a Link to the next page. */
@QuarkusTest
class PagingResourceTest {

    @TempDir
    Path secrets;

    private static ExtractableResponse<Response> list(String pathAndQuery) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(pathAndQuery).then().statusCode(200)
                .extract();
    }

    /** The path and query of the next page's Link, or null when there is none. */
    private static String next(ExtractableResponse<Response> page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        assertTrue(link.endsWith(">; rel=\"next\""), link);
        String uri = link.substring(1, link.indexOf('>'));
        return uri.substring(uri.indexOf("/api/"));
    }

    @Test
    void backupsVerificationsAndRestoresComeInPagesNewestFirst() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);
        String first = Sources.backup(name).getString("id");
        String second = Sources.backup(name).getString("id");
        String third = Sources.backup(name).getString("id");

        ExtractableResponse<Response> page = list("/api/backups?database=" + name + "&limit=2");
        assertEquals(List.of(third, second), page.path("id"));
        String following = next(page);
        assertTrue(following.contains("database=" + name) && following.contains("offset=2")
                && following.contains("limit=2"), following);
        ExtractableResponse<Response> last = list(following);
        assertEquals(List.of(first), last.path("id"));
        assertEquals(null, next(last), "a page that is not full is the last");
        assertEquals(List.of(third, second, first), list("/api/backups?database=" + name).path("id"));
        // No service needs the list of backups: executor-service's key may not read it.
        given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/backups?database={name}", name)
                .then().statusCode(403);

        String older = Sources.verify(third).getString("id");
        String newer = Sources.verify(third).getString("id");
        page = list("/api/backups/" + third + "/verifications?limit=1");
        assertEquals(List.of(newer), page.path("id"));
        assertEquals(List.of(older), list(next(page)).path("id"));

        String restored = restore(first, name);
        String again = restore(first, name);
        page = list("/api/restores?target=" + name + "&limit=1");
        assertEquals(List.of(again), page.path("id"));
        assertEquals(List.of(restored), list(next(page)).path("id"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/restores?target={name}", name).then()
                .statusCode(200).body("id", equalTo(List.of(again, restored)))
                .body("[0].targetDatabase", equalTo(name));
    }

    private static String restore(String backupId, String target) {
        String id = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("target", target, "confirm", target)).post("/api/backups/{id}/restores", backupId).then()
                .statusCode(202).extract().path("id");
        assertEquals("SUCCEEDED", Sources.awaitRestore(id).getString("status"));
        return id;
    }

    @Test
    void databasesComeInPagesByName() {
        String prefix = Databases.newName();
        for (String suffix : List.of("a", "b", "c")) {
            given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                    .body(Databases.request(prefix + "-" + suffix)).post("/api/databases").then().statusCode(201);
        }
        List<String> all = list("/api/databases?limit=500").path("name");
        int at = all.indexOf(prefix + "-a");

        ExtractableResponse<Response> page = list("/api/databases?limit=2&offset=" + at);
        assertEquals(List.of(prefix + "-a", prefix + "-b"), page.path("name"));
        assertEquals(prefix + "-c", list(next(page)).path("name[0]"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=1").then()
                .statusCode(200).body("$", hasSize(1));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?offset=100000").then()
                .statusCode(200).body("$", hasSize(0)).header("Link", nullValue());
    }

    @ParameterizedTest
    @CsvSource({ "limit, 0", "limit, 501", "limit, ten", "offset, -1", "offset, 100001", "offset, 1.5" })
    void aLimitOrOffsetOutOfRangeIs400NamingIt(String parameter, String value) {
        String backup = UUID.randomUUID().toString();
        for (String path : List.of("/api/databases", "/api/backups", "/api/backups/" + backup + "/verifications",
                "/api/restores")) {
            assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                    .get(path + "?" + parameter + "=" + value).then(), 400, "validation")
                    .body("errors[0].field", equalTo(parameter))
                    .body("detail", containsString(parameter));
        }
    }
}
