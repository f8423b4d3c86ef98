package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * Attacks on the trust boundary, as a key below admin (and a careless admin) would try them: each sends what a hostile
 * request would and checks the refusal and that nothing changed — no execution stored, no file written, no request
 * received by a local listener standing in for a host the request named, no target written.
 */
@QuarkusTest
class TrustBoundaryTest {

    /** A listener the attacks point at: it must never hear from the executor. */
    private static LocalHttpServer bystander;
    private static Path workDir;
    private static Path marker;
    private static Path keyFile;

    @BeforeAll
    static void startBystander() throws Exception {
        bystander = new LocalHttpServer(new Answer(200, "bystander secret page"));
        workDir = Files.createTempDirectory("rewind-attack-");
        marker = workDir.resolve("pwned");
        keyFile = workDir.resolve("admin.key");
        Files.writeString(keyFile, "admin-key-that-must-not-leak");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void stopBystander() throws Exception {
        bystander.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static int executionsOf(String target) throws Exception {
        return TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", target);
    }

    /** Every key below admin: the person's roles and every service's key. */
    static Stream<String> belowAdmin() {
        return Stream.concat(Stream.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER).map(TestKeys::bearer),
                Services.ALL.stream().map(TestKeys::bearer));
    }

    private static ValidatableResponse startAs(Role role, Map<String, Object> body) {
        return startAs(TestKeys.bearer(role), body);
    }

    private static ValidatableResponse startAs(String authorization, Map<String, Object> body) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body)
                .post("/api/executions").then();
    }

    private static void assertNothingHappened(String target) throws Exception {
        assertEquals(0, executionsOf(target), "no execution was stored");
        assertFalse(Files.exists(marker), "no program ran");
        assertEquals(0, bystander.requests(), "no request reached the bystander");
        assertEquals("admin-key-that-must-not-leak", Files.readString(keyFile), "the key file is unchanged");
    }

    /** The nginx step of the issue: a shell as the binary and a command as the configuration. */
    private static Map<String, Object> shellAsNginx(String target) {
        return TestPlans.step("switch", StepKind.NGINX_SWITCH_UPSTREAM.id(), target, Map.of(
                "upstream", List.of("127.0.0.1:8080"), "nginxBinary", "/bin/sh", "config", "-c",
                "prefix", "touch " + marker, "includeFile", keyFile.toString()));
    }

    @ParameterizedTest
    @MethodSource("belowAdmin")
    void belowAdminNoKeyRunsInlineStepsDryOrNot(String authorization) throws Exception {
        String target = TestPlans.newName("shop");
        String nginx = TestTargets.define(TargetKind.NGINX, Map.of("includeFile", keyFile.toString()));
        // Operators and decision-service may start executions, of stored plans only; the others may not start any.
        boolean starts = authorization.equals(TestKeys.bearer(Role.OPERATOR))
                || authorization.equals(TestKeys.bearer(Services.DECISION));
        for (boolean dryRun : List.of(false, true)) {
            Map<String, Object> body = TestExecutions.inline(target, List.of(shellAsNginx(nginx)));
            body.put("dryRun", dryRun);
            assertProblem(startAs(authorization, body), 403, "forbidden")
                    .body("detail", starts ? containsString("Inline steps are an admin's break glass") : containsString(""));
        }
        assertNothingHappened(target);
    }

    static Stream<Arguments> whereAndWithWhat() {
        return Stream.of(
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, TargetKind.NGINX, "nginxBinary", "/bin/sh"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, TargetKind.NGINX, "nginxBinary", "sh"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, TargetKind.NGINX, "config", "../../etc/passwd"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, TargetKind.NGINX, "prefix", "/tmp"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, TargetKind.NGINX, "includeFile", "/work/main/.rewind/admin.key"),
                Arguments.of(StepKind.FLAG_DISABLE, TargetKind.UNLEASH, "url", "BYSTANDER"),
                Arguments.of(StepKind.FLAG_DISABLE, TargetKind.UNLEASH, "provider", "flagd"),
                Arguments.of(StepKind.FLAG_DISABLE, TargetKind.FLAGD, "namespace", "kube-system"),
                Arguments.of(StepKind.VERIFY_HTTP, TargetKind.HTTP, "url", "BYSTANDER"),
                Arguments.of(StepKind.VERIFY_HTTP, TargetKind.HTTP, "url", "http://[::1]:8082/q/health"),
                Arguments.of(StepKind.VERIFY_METRIC, TargetKind.PROMETHEUS, "url", "BYSTANDER"),
                Arguments.of(StepKind.VERIFY_METRIC, TargetKind.WEB, "path", "BYSTANDER"),
                Arguments.of(StepKind.VERIFY_METRIC, TargetKind.WEB, "baseUrl", "BYSTANDER"),
                Arguments.of(StepKind.VERIFY_METRIC, TargetKind.WEB, "headers", "DD-API-KEY: stolen"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, TargetKind.POSTGRES, "database", "rewind"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, TargetKind.POSTGRES, "url", "jdbc:postgresql://127.0.0.1/rewind"),
                Arguments.of(StepKind.POSTGRES_RESTORE, TargetKind.BACKUP, "database", "payments"),
                Arguments.of(StepKind.KUBERNETES_SCALE, TargetKind.KUBERNETES, "kubeconfig", "/root/.kube/config"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("whereAndWithWhat")
    void evenAnAdminsInlineStepCannotChooseAProgramFileHostOrCredential(StepKind kind, TargetKind targetKind, String key,
            String value) throws Exception {
        String target = TestPlans.newName("shop");
        String configured = TestTargets.define(targetKind, TestTargets.validSpec(targetKind));
        Map<String, Object> params = new LinkedHashMap<>(TestPlans.validParams(kind));
        params.put(key, value.equals("BYSTANDER") ? bystander.url("/") : value);
        Map<String, Object> body = TestExecutions.inline(target, List.of(TestPlans.step("attack", kind.id(), configured, params)));
        assertProblem(startAs(Role.ADMIN, body), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + key));
        assertNothingHappened(target);
    }

    @ParameterizedTest
    @MethodSource("belowAdmin")
    void onlyAdminsDefineTargets(String authorization) {
        String name = TestPlans.newName("http");
        assertProblem(given().header("Authorization", authorization).contentType(ContentType.JSON)
                .body(Map.of("kind", "http", "spec", Map.of("baseUrl", bystander.url(""))))
                .put("/api/targets/{name}", name).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).get("/api/targets/{name}", name).then(),
                404, "not-found");
        String existing = TestTargets.http("https://checkout.example.com");
        assertProblem(given().header("Authorization", authorization).delete("/api/targets/{name}", existing).then(),
                403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).get("/api/targets/{name}", existing).then()
                .statusCode(200).body("spec.baseUrl", org.hamcrest.Matchers.equalTo("https://checkout.example.com"));
        // People read targets; a service's key reads none (no service needs them).
        boolean person = !Services.ALL.stream().map(TestKeys::bearer).toList().contains(authorization);
        given().header("Authorization", authorization).get("/api/targets/{name}", existing).then()
                .statusCode(person ? 200 : 403);
    }

    @Test
    void aTargetTakesSecretsOnlyByReferenceAndNeverEchoesOne() {
        String name = TestPlans.newName("unleash");
        Map<String, Object> literal = new LinkedHashMap<>(TestTargets.validSpec(TargetKind.UNLEASH));
        literal.put("token", "*:production.0123456789abcdef");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "unleash", "spec", literal)).put("/api/targets/{name}", name).then(), 400, "validation")
                .body("errors.field", hasItem("spec.token"))
                .body(not(containsString("0123456789abcdef")));
        Map<String, Object> ownSetting = new LinkedHashMap<>(literal);
        ownSetting.put("token", Map.of("env", "REWIND_DB_PASSWORD"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "unleash", "spec", ownSetting)).put("/api/targets/{name}", name).then(), 400, "validation")
                .body("errors[0].message", containsString("must not name one of Rewind's own settings"));
        Map<String, Object> userInfo = new LinkedHashMap<>(TestTargets.validSpec(TargetKind.UNLEASH));
        userInfo.put("url", "https://admin:hunter2@unleash.example.com");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "unleash", "spec", userInfo)).put("/api/targets/{name}", name).then(), 400, "validation")
                .body(not(containsString("hunter2")));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).get("/api/targets/{name}", name).then(),
                404, "not-found");
    }

    @Test
    void viewersSeeASecretsReferenceAndWhetherItResolvesNeverItsValue() throws Exception {
        Path token = workDir.resolve("unleash-token");
        Files.writeString(token, "*:production.value-only-unleash-should-see\n");
        Map<String, Object> spec = new LinkedHashMap<>(TestTargets.validSpec(TargetKind.UNLEASH));
        spec.put("token", Map.of("file", token.toString()));
        String name = TestTargets.define(TargetKind.UNLEASH, spec);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", name).then()
                .statusCode(200)
                .body("spec.token.file", org.hamcrest.Matchers.equalTo(token.toString()))
                .body("secrets[0].field", org.hamcrest.Matchers.equalTo("token"))
                .body("secrets[0].resolvable", org.hamcrest.Matchers.equalTo(true))
                .body(not(containsString("value-only-unleash-should-see")));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets").then()
                .statusCode(200).body(not(containsString("value-only-unleash-should-see")));
    }

    @Test
    void aTargetNameCannotBeAPath() {
        for (String name : List.of("..", "a.b", "..%2Fetc", "Shop", "-shop")) {
            given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                    .body(Map.of("kind", "http", "spec", Map.of("baseUrl", "https://checkout.example.com")))
                    .urlEncodingEnabled(false).put("/api/targets/" + name).then()
                    .statusCode(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400),
                            org.hamcrest.Matchers.lessThan(500)));
        }
    }

    @Test
    void anOperatorRunsAStoredPlanOnlyWhereItsTargetsStillAllow() throws Exception {
        String cluster = TestTargets.kubernetes("shop", "payments");
        String service = TestPlans.newName("checkout");
        Map<String, Object> scale = TestPlans.step("scale payments down", StepKind.KUBERNETES_SCALE.id(), cluster,
                Map.of("namespace", "payments", "deployment", "checkout", "replicas", 0));
        String planId = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("plan"), service, List.of(scale))).post("/api/plans").then()
                .statusCode(201).extract().path("id");
        // The admin narrows the target after the plan was stored: the plan no longer fits and cannot start.
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "kubernetes", "spec", Map.of("namespaces", List.of("shop"))))
                .put("/api/targets/{name}", cluster).then().statusCode(200);
        assertProblem(startAs(Role.OPERATOR, Map.of("planId", planId)), 409, "conflict")
                .body("detail", containsString("cannot run as stored"))
                .body("errors.field", hasItem("steps[0].params.namespace"));
        assertEquals(0, executionsOf(service));
    }

    @Test
    void aPlanStoredBeforeTargetsExistedSaysExactlyWhatToChange() throws Exception {
        String service = TestPlans.newName("checkout");
        String planId = java.util.UUID.randomUUID().toString();
        try (Connection c = PostgresResource.connect(); var s = c.prepareStatement(
                "INSERT INTO executor.plans (id, name, service, version, steps, created_at, created_by)"
                        + " VALUES (?::uuid, ?, ?, 1, ?::jsonb, now(), 'before-targets')")) {
            s.setString(1, planId);
            s.setString(2, TestPlans.newName("old-plan"));
            s.setString(3, service);
            s.setString(4, "{\"items\": [{\"name\": \"switch\", \"kind\": \"nginx.switchUpstream\", \"timeout\": \"PT1M\","
                    + " \"params\": {\"includeFile\": \"/etc/nginx/conf.d/up.conf\", \"upstream\": [\"10.0.0.7:80\"]}}]}");
            s.executeUpdate();
        }
        assertProblem(startAs(Role.OPERATOR, Map.of("planId", planId)), 409, "conflict")
                .body("errors.field", hasItem("steps[0].target"))
                .body("errors.field", hasItem("steps[0].params.includeFile"))
                .body("errors.find { it.field == 'steps[0].target' }.message",
                        containsString("nginx.switchUpstream steps act on a nginx target"));
        assertEquals(0, executionsOf(service));
    }

    @Test
    void aStepCannotActOnATargetOfAnotherKind() throws Exception {
        String target = TestPlans.newName("shop");
        String http = TestTargets.http(bystander.url(""));
        Map<String, Object> body = TestExecutions.inline(target, List.of(TestPlans.step("undo",
                StepKind.KUBERNETES_UNDO.id(), http, TestPlans.validParams(StepKind.KUBERNETES_UNDO))));
        assertProblem(startAs(Role.ADMIN, body), 400, "validation")
                .body("errors[0].message", containsString("names a http target; kubernetes.undo steps act on a kubernetes target"));
        assertNothingHappened(target);
    }
}
