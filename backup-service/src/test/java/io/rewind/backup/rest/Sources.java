package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/**
 * Databases to back up, on the embedded PostgreSQL: a small shop with two critical tables and a Flyway history,
 * registered with a password file (the embedded server trusts local connections, so any password works).
 */
final class Sources {

    /** Where the test store keeps dumps (see %test in application.properties). */
    static final Path STORE = Path.of("target/test-backups");

    private Sources() {
    }

    /** Creates a database {@code shop_<random>} with 3 orders, 2 users and Flyway at version 2; returns its name. */
    static String createShop() throws SQLException {
        String database = "shop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("postgres", "CREATE DATABASE " + database);
        execute(database, """
                CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL);
                CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), total NUMERIC);
                CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version TEXT, description TEXT,
                    success BOOLEAN NOT NULL);
                INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');
                INSERT INTO orders VALUES (1, 1, 10.5), (2, 1, 20), (3, 2, 7.25);
                INSERT INTO flyway_schema_history VALUES (1, '1', 'init', true), (2, '2', 'orders', true),
                    (3, '3', 'failed', false);
                """);
        return database;
    }

    /** Registers the database under a new name, with its critical tables; returns the registered name. */
    static String register(String database, Path secrets) throws IOException {
        Path password = Files.createTempFile(secrets, "pw-", ".txt");
        Files.writeString(password, "anything\n");
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.put("port", PostgresResource.port());
        request.put("database", database);
        request.put("username", PostgresResource.USER);
        request.put("password", Map.of("file", password.toAbsolutePath().toString()));
        request.put("criticalTables", List.of("public.orders", "users"));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(request)
                .post("/api/databases").then().statusCode(201);
        return name;
    }

    static void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PostgresResource.port() + "/" + database,
                PostgresResource.USER, PostgresResource.USER);
    }

    /** Starts a backup and returns its id. */
    static String startBackup(String name) {
        // A POST without a body, as curl sends it; REST Assured would otherwise claim a form.
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .post("/api/databases/{name}/backups", name).then().statusCode(202).extract().path("id");
    }

    /** Takes a backup and waits for it to finish; returns it as GET shows it. */
    static JsonPath backup(String name) {
        return awaitBackup(startBackup(name));
    }

    static JsonPath awaitBackup(String id) {
        return await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/backups/{id}", id)
                .then().statusCode(200).extract().jsonPath(), json -> !List.of("PENDING", "RUNNING")
                        .contains(json.getString("status")));
    }

    /** Verifies a backup and waits for the verification to finish; returns it. */
    static JsonPath verify(String backupId) {
        String id = given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/backups/{id}/verifications", backupId).then().statusCode(202).extract().path("id");
        JsonPath list = await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/backups/{id}/verifications", backupId).then().statusCode(200).extract().jsonPath(),
                json -> json.getList("findAll { it.id == '" + id + "' && it.status != 'PENDING' && it.status != 'RUNNING' }")
                        .size() == 1);
        return list.setRootPath("find { it.id == '" + id + "' }");
    }

    static JsonPath readiness(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness", name).then().statusCode(200).extract().jsonPath();
    }

    static Path file(String name, String backupId) {
        return STORE.resolve(name).resolve(backupId + ".dump");
    }

    /** Polls until the condition holds; the generous limit only stops a hung job from hanging the build. */
    static <T> T await(Supplier<T> read, Predicate<T> done) {
        Instant limit = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            assertTrue(Instant.now().isBefore(limit), "the job did not finish: " + value);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
