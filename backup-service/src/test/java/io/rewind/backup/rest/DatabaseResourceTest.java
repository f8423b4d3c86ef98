package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

@QuarkusTest
class DatabaseResourceTest {

    @TempDir
    Path secrets;

    private static ValidatableResponse post(Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).post("/api/databases").then();
    }

    private static ValidatableResponse put(String name, Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).put("/api/databases/{name}", name).then();
    }

    private static ValidatableResponse get(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name).then();
    }

    private static String listed() {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=500")
                .then().statusCode(200).extract().asString();
    }

    /** A variable no test environment sets, named like a real one. */
    private static String unsetVariable() {
        return "SHOP_DB_PASSWORD_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase().replace('-', '_');
    }

    @Test
    void aRegisteredDatabaseIsReadBackAsSent() {
        String name = Databases.newName();
        String variable = unsetVariable();
        Map<String, Object> request = Databases.request(name);
        request.put("password", Map.of("env", variable));

        post(request).statusCode(201)
                .header("Location", endsWith("/api/databases/" + name))
                .body("name", equalTo(name))
                .body("host", equalTo("127.0.0.1"))
                .body("port", equalTo(5432))
                .body("database", equalTo("shop"))
                .body("username", equalTo("shop"))
                .body("password", equalTo(Map.of("env", variable)))
                .body("passwordResolvable", equalTo(false))
                .body("criticalTables", contains("public.orders", "public.users"))
                .body("backupCron", equalTo("0 0 * * * ?"))
                .body("verificationCron", equalTo("0 30 3 * * ?"))
                .body("retention.keepLast", equalTo(5))
                .body("retention.keepDays", equalTo(7))
                .body("maxBackupAgeHours", equalTo(4))
                .body("serviceRestores", equalTo(false))
                .body("createdAt", notNullValue());

        get(name).statusCode(200)
                .body("name", equalTo(name))
                .body("serviceRestores", equalTo(false))
                .body("password", equalTo(Map.of("env", variable)))
                .body("criticalTables", contains("public.orders", "public.users"))
                .body("verificationCron", equalTo("0 30 3 * * ?"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=500")
                .then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void omittedOptionalSettingsTakeTheirDefaults() {
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.remove("retention");
        request.remove("maxBackupAgeHours");
        request.remove("criticalTables");

        post(request).statusCode(201)
                .body("retention.keepLast", equalTo(5))
                .body("retention.keepDays", equalTo(7))
                .body("maxBackupAgeHours", equalTo(4))
                .body("criticalTables", empty());

        request.put("retention", Map.of("keepLast", 12));
        put(name, request).statusCode(200)
                .body("retention.keepLast", equalTo(12))
                .body("retention.keepDays", equalTo(7));
    }

    @Test
    void aPasswordFileIsReportedResolvableButItsContentIsNeverReturnedNorStored() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        Path file = secrets.resolve("shop-db-password");
        Files.writeString(file, secret + "\n");
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.put("password", Map.of("file", file.toString()));

        String created = post(request).statusCode(201)
                .body("password", equalTo(Map.of("file", file.toString())))
                .body("passwordResolvable", equalTo(true))
                .extract().asString();
        assertFalse(created.contains(secret), "the POST response holds no password");
        String read = get(name).statusCode(200).body("passwordResolvable", equalTo(true)).extract().asString();
        assertFalse(read.contains(secret), "the GET response holds no password");
        assertFalse(listed().contains(secret), "the list holds no password");
        String row = Databases.row(name);
        assertNotNull(row);
        assertFalse(row.contains(secret), "the table holds no password");

        Files.delete(file);
        get(name).statusCode(200).body("passwordResolvable", equalTo(false));
    }

    @Test
    void aSetEnvironmentVariableIsReportedResolvableButItsValueIsNeverReturned() {
        String value = System.getenv("PATH");
        assertNotNull(value, "the test needs a variable that is set");
        Map<String, Object> request = Databases.request(Databases.newName());
        request.put("password", Map.of("env", "PATH"));

        String body = post(request).statusCode(201)
                .body("password", equalTo(Map.of("env", "PATH")))
                .body("passwordResolvable", equalTo(true))
                .extract().asString();
        assertFalse(body.contains(value));
    }

    @Test
    void aNameAlreadyRegisteredIsAConflictAndChangesNothing() throws Exception {
        String name = Databases.newName();
        post(Databases.request(name)).statusCode(201);
        int before = Databases.count();
        String row = Databases.row(name);

        Map<String, Object> again = Databases.request(name);
        again.put("host", "db.example.com");
        assertProblem(post(again), 409, "conflict").body("detail", containsString(name));

        assertEquals(before, Databases.count());
        assertEquals(row, Databases.row(name), "the first registration is untouched");
    }

    @Test
    void badCronExpressionsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        int before = Databases.count();
        Map<String, Object> request = Databases.request(Databases.newName());

        request.put("backupCron", "0 30 3 * * *");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("backupCron"))
                .body("errors[0].message", containsString("Quartz cron expression"))
                .body("errors[0].message", containsString("'?' in day-of-month or day-of-week"));

        request.put("backupCron", "0 0 25 * * ?");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("backupCron"))
                .body("errors[0].message", containsString("Value 25 not in range [0, 23]"));

        request.put("backupCron", "0 0 * * * ?");
        request.put("verificationCron", "every night");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("verificationCron"));

        request.put("verificationCron", "0 0 0 30 2 ?");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("verificationCron"))
                .body("errors[0].message", containsString("never fires"));

        request.put("backupCron", "* * *");
        request.put("verificationCron", "");
        assertProblem(post(request), 400, "validation")
                .body("errors.field", hasItem("verificationCron"));

        assertEquals(before, Databases.count());
    }

    @Test
    void aCriticalTableThatIsNotAPlainNameIsRefusedByIndexAndStoresNothing() throws Exception {
        int before = Databases.count();
        Map<String, Object> request = Databases.request(Databases.newName());

        request.put("criticalTables", List.of("public.orders", "users; DROP TABLE orders"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("criticalTables[1]"))
                .body("errors[0].message", containsString("table name"));

        request.put("criticalTables", List.of("a.b.c", "orders", "\"Orders\""));
        assertProblem(post(request), 400, "validation")
                .body("errors.field", contains("criticalTables[0]", "criticalTables[2]"));

        request.put("criticalTables", List.of("orders", "orders"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("criticalTables[1]"));

        assertEquals(before, Databases.count());
    }

    @Test
    void aSecretReferenceMustBeExactlyOneOfEnvOrFileAndIsNeverAPassword() throws Exception {
        int before = Databases.count();
        Map<String, Object> request = Databases.request(Databases.newName());

        request.put("password", Map.of("env", "SHOP_DB_PASSWORD", "file", "/run/secrets/shop"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", containsString("exactly one of env or file"));

        // A kind of reference this version does not know.
        request.put("password", Map.of("vault", "secret/shop"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", containsString("exactly one of env or file"));

        request.put("password", "hunter2");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("password"))
                .body(not(containsString("hunter2")));

        request.put("password", Map.of("env", "REWIND_DB_PASSWORD"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", containsString("Rewind's own settings"));

        request.put("password", Map.of("env", "SHOP DB PASSWORD"));
        assertProblem(post(request), 400, "validation").body("errors[0].field", equalTo("password"));

        request.put("password", Map.of("file", "secrets/../shop"));
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("password"))
                .body("errors[0].message", containsString("absolute path"));

        request.put("password", Map.of());
        request.put("backupCron", "hourly");
        assertProblem(post(request), 400, "validation")
                .body("errors.field", contains("password", "backupCron"));

        request.remove("password");
        assertProblem(post(request), 400, "validation").body("errors[0].field", equalTo("password"));

        assertEquals(before, Databases.count());
    }

    @Test
    void fieldsOfTheWrongTypeOrOutOfRangeAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        int before = Databases.count();

        Map<String, Object> request = Databases.request(Databases.newName());
        request.put("port", "five");
        assertProblem(post(request), 400, "validation")
                .body("errors[0].field", equalTo("port"))
                .body("errors[0].message", containsString("must be a number"));

        request = Databases.request(Databases.newName());
        request.put("criticalTables", "public.orders");
        assertProblem(post(request), 400, "validation").body("errors[0].field", equalTo("criticalTables"));

        request = Databases.request(Databases.newName());
        request.put("port", 70000);
        request.put("retention", Map.of("keepLast", 0, "keepDays", 7));
        request.put("host", "--help");
        request.put("name", "Shop_DB");
        assertProblem(post(request), 400, "validation")
                .body("errors.field", hasItems("port", "retention.keepLast", "host", "name"));

        request = Databases.request(Databases.newName());
        request.put("maxBackupAgeHours", 0);
        request.remove("backupCron");
        assertProblem(post(request), 400, "validation")
                .body("errors.field", hasItems("maxBackupAgeHours", "backupCron"));

        assertEquals(before, Databases.count());
    }

    @Test
    void aMalformedOrMissingBodyIsA400AndStoresNothing() throws Exception {
        int before = Databases.count();

        assertProblem(post("{\"name\": \"shop\", \"port\": "), 400, "malformed-request");
        assertProblem(post("{\"name\": \"shop\"} trailing"), 400, "malformed-request");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .post("/api/databases").then(), 400, "validation")
                .body("errors[0].field", equalTo("body"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.TEXT)
                .body("shop").post("/api/databases").then(), 415, "unsupported-media-type");

        assertEquals(before, Databases.count());
    }

    @Test
    void anUnknownNameIsA404() {
        String name = Databases.newName();
        assertProblem(get(name), 404, "not-found").body("detail", containsString(name));
        assertProblem(put(name, Databases.request(name)), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/databases/{name}", name).then(), 404, "not-found");
        assertProblem(get("Not_A_Name"), 400, "validation").body("errors[0].field", equalTo("name"));
    }

    @Test
    void putReplacesEverySetting() throws Exception {
        String name = Databases.newName();
        String createdAt = post(Databases.request(name)).statusCode(201).extract().path("createdAt");

        Map<String, Object> change = Databases.request(name);
        change.put("host", "db.internal.example.com");
        change.put("port", 6432);
        change.put("database", "shop_prod");
        change.put("username", "backup");
        change.put("password", Map.of("file", "/run/secrets/shop-db-password"));
        change.put("criticalTables", List.of("orders"));
        change.put("backupCron", "0 15 0/2 * * ?");
        change.put("verificationCron", "0 0 4 ? * SUN");
        change.remove("retention");
        change.put("maxBackupAgeHours", 26);

        String updatedAt = put(name, change).statusCode(200)
                .body("host", equalTo("db.internal.example.com"))
                .body("password", equalTo(Map.of("file", "/run/secrets/shop-db-password")))
                .body("createdAt", equalTo(createdAt))
                .extract().path("updatedAt");
        assertNotEquals(createdAt, updatedAt);

        get(name).statusCode(200)
                .body("host", equalTo("db.internal.example.com"))
                .body("port", equalTo(6432))
                .body("database", equalTo("shop_prod"))
                .body("username", equalTo("backup"))
                .body("password", equalTo(Map.of("file", "/run/secrets/shop-db-password")))
                .body("criticalTables", contains("orders"))
                .body("backupCron", equalTo("0 15 0/2 * * ?"))
                .body("verificationCron", equalTo("0 0 4 ? * SUN"))
                .body("retention.keepLast", equalTo(5))
                .body("retention.keepDays", equalTo(7))
                .body("maxBackupAgeHours", equalTo(26))
                .body("createdAt", equalTo(createdAt))
                .body("updatedAt", equalTo(updatedAt));
        String row = Databases.row(name);
        assertTrue(row.contains("\"password_file\":\"/run/secrets/shop-db-password\"")
                && row.contains("\"password_env\":null"), "the old reference is gone: " + row);
    }

    @Test
    void anInvalidOrRenamingPutIsRefusedAndChangesNothing() throws Exception {
        String name = Databases.newName();
        post(Databases.request(name)).statusCode(201);
        String row = Databases.row(name);

        Map<String, Object> change = Databases.request(name);
        change.put("backupCron", "0 0 * * *");
        assertProblem(put(name, change), 400, "validation").body("errors[0].field", equalTo("backupCron"));

        change = Databases.request("another-name");
        assertProblem(put(name, change), 400, "validation")
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("cannot be renamed"));

        assertEquals(row, Databases.row(name));
        assertNull(Databases.row("another-name"));
    }

    @Test
    void deleteRemovesTheDatabase() throws Exception {
        String name = Databases.newName();
        post(Databases.request(name)).statusCode(201);
        int before = Databases.count();

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/databases/{name}", name)
                .then().statusCode(204).body(equalTo(""));

        assertEquals(before - 1, Databases.count());
        assertNull(Databases.row(name));
        assertProblem(get(name), 404, "not-found");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=500")
                .then().statusCode(200).body("name", not(hasItem(name)));
    }

    @Test
    void theListIsOrderedByName() {
        String prefix = Databases.newName();
        post(Databases.request(prefix + "-b")).statusCode(201);
        post(Databases.request(prefix + "-a")).statusCode(201);

        List<String> names = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=500")
                .then().statusCode(200).extract().jsonPath().getList("name");
        assertTrue(names.indexOf(prefix + "-a") < names.indexOf(prefix + "-b"));
    }

    @Test
    void serviceRestoresIsAnAdminsChoiceShownOnReadsAndOffAgainWhenAPutOmitsIt() throws Exception {
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.put("serviceRestores", true);
        post(request).statusCode(201).body("serviceRestores", equalTo(true));
        get(name).statusCode(200).body("serviceRestores", equalTo(true));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases?limit=500").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.serviceRestores", equalTo(true));

        String row = Databases.row(name);
        request.put("serviceRestores", "yes");
        assertProblem(put(name, request), 400, "validation").body("errors[0].field", equalTo("serviceRestores"));
        assertEquals(row, Databases.row(name), "a refused PUT changes nothing");

        request.remove("serviceRestores");
        put(name, request).statusCode(200).body("serviceRestores", equalTo(false));
        get(name).statusCode(200).body("serviceRestores", equalTo(false));
    }
}
