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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.RawHttp;
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
        return register(database, secrets, false);
    }

    /**
     * Registers the database under a new name; {@code serviceRestores} lets executor-service's key restore over it.
     */
    static String register(String database, Path secrets, boolean serviceRestores) throws IOException {
        Path password = Files.createTempFile(secrets, "pw-", ".txt");
        Files.writeString(password, "anything\n");
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.put("port", PostgresResource.port());
        request.put("database", database);
        request.put("username", PostgresResource.USER);
        request.put("password", Map.of("file", password.toAbsolutePath().toString()));
        request.put("criticalTables", List.of("public.orders", "users"));
        if (serviceRestores) {
            request.put("serviceRestores", true);
        }
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

    /** Waits for a restore to end; returns it as GET shows it. */
    static JsonPath awaitRestore(String id) {
        return await(() -> given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/restores/{id}", id)
                .then().statusCode(200).extract().jsonPath(), json -> !List.of("PENDING", "RUNNING")
                        .contains(json.getString("status")));
    }

    static JsonPath readiness(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/databases/{name}/readiness", name).then().statusCode(200).extract().jsonPath();
    }

    static Path file(String name, String backupId) {
        return STORE.resolve(name).resolve(backupId + ".dump");
    }

    /**
     * Locks a table of a database until the returned connection is closed: a backup of that database (pg_dump, the row
     * counts) waits on it, so the job stays RUNNING for as long as the test needs, without any sleep.
     */
    static Connection lock(String database, String table) throws SQLException {
        Connection connection = connect(database);
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** One request of several sent at once. */
    record Call(String method, String path, String authorization, String body, Map<String, String> headers) {

        static Call post(String path, String authorization, String body) {
            return new Call("POST", path, authorization, body, Map.of());
        }

        Call with(String header, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(header, value);
            return new Call(method, path, authorization, body, more);
        }
    }

    /** Sends the calls at the same moment, each on its own connection, and returns their answers in order. */
    static List<RawHttp.Answer> concurrently(Call... calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RawHttp.Answer>> answers = new ArrayList<>();
            for (Call call : calls) {
                answers.add(threads.submit(() -> {
                    Map<String, String> headers = new java.util.LinkedHashMap<>(call.headers());
                    headers.put("Authorization", call.authorization());
                    headers.put("Accept", "application/json");
                    if (call.body() != null) {
                        headers.put("Content-Type", "application/json");
                    }
                    start.await();
                    return RawHttp.send(RestAssured.port, call.method(), call.path(), headers,
                            call.body() == null ? null : call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }));
            }
            start.countDown();
            List<RawHttp.Answer> result = new ArrayList<>();
            for (Future<RawHttp.Answer> answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            threads.shutdownNow();
        }
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
