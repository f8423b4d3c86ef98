package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.TargetService;
import io.rewind.executor.service.TargetsFileAccess;

/** {@code /api/targets}: admins define where and with what the executor acts; everyone reads it, secrets as references. */
@QuarkusTest
class TargetResourceTest {

    @Inject
    TargetService targets;

    private static ValidatableResponse put(String name, Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(body)
                .put("/api/targets/{name}", name).then();
    }

    private static ValidatableResponse get(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", name).then();
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void everyKindIsDefinedAndReadBack(TargetKind kind) {
        String name = TestPlans.newName(kind.id());
        put(name, Map.of("kind", kind.id(), "description", "the shop's " + kind, "spec", TestTargets.validSpec(kind)))
                .statusCode(201).header("Location", containsString("/api/targets/" + name))
                .body("kind", equalTo(kind.id())).body("source", equalTo("API")).body("createdBy", equalTo("test-admin"));
        get(name).statusCode(200).body("name", equalTo(name)).body("description", equalTo("the shop's " + kind));
        assertTrue(listed().contains(name), "the list has it");
    }

    /** Every target's name, page by page (the list is paged, and the tests define many). */
    private static List<String> listed() {
        List<String> names = new java.util.ArrayList<>();
        for (int offset = 0;; offset += 500) {
            List<String> page = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                    .get("/api/targets?limit=500&offset=" + offset).then().statusCode(200).extract().path("name");
            names.addAll(page);
            if (page.size() < 500) {
                return names;
            }
        }
    }

    @Test
    void aTargetIsReplacedInPlaceButKeepsItsKind() {
        String name = TestTargets.kubernetes("shop");
        put(name, Map.of("kind", "kubernetes", "spec", Map.of("namespaces", List.of("shop", "payments")))).statusCode(200)
                .body("spec.namespaces", equalTo(List.of("shop", "payments")));
        assertProblem(put(name, Map.of("kind", "http", "spec", Map.of("baseUrl", "https://shop.example.com"))), 409, "conflict")
                .body("detail", containsString("is a kubernetes target"));
        get(name).statusCode(200).body("kind", equalTo("kubernetes"));
    }

    @Test
    void specsAreValidatedPerKindNamingEachField() {
        String name = TestPlans.newName("bad");
        assertProblem(put(name, Map.of("kind", "kubernetes", "spec", Map.of("namespaces", List.of("Shop")))), 400, "validation")
                .body("errors[0].field", equalTo("spec.namespaces[0]"));
        assertProblem(put(name, Map.of("kind", "nginx", "spec", Map.of("includeFile", "/etc/nginx/../passwd"))), 400, "validation")
                .body("errors[0].field", equalTo("spec.includeFile"));
        assertProblem(put(name, Map.of("kind", "nginx", "spec", Map.of("includeFile", "/etc/up.conf", "binary", "nginx -g x"))),
                400, "validation").body("errors[0].field", equalTo("spec.binary"));
        assertProblem(put(name, Map.of("kind", "http", "spec", Map.of("baseUrl", "ftp://shop.example.com"))), 400, "validation")
                .body("errors[0].field", equalTo("spec.baseUrl"));
        assertProblem(put(name, Map.of("kind", "http", "spec", Map.of("baseUrl", "https://shop.example.com/?next=x"))), 400,
                "validation").body("errors[0].message", containsString("query"));
        assertProblem(put(name, Map.of("kind", "postgres", "spec", Map.of("url", "jdbc:postgresql://db/orders?password=x"))),
                400, "validation").body("errors[0].message", containsString("credentials"));
        assertProblem(put(name, Map.of("kind", "postgres", "spec", Map.of("url",
                "jdbc:postgresql://db/orders?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext"))),
                400, "validation").body("errors[0].message", containsString("may only set the options sslmode"));
        assertProblem(put(name, Map.of("kind", "backup", "spec", Map.of("database", "orders", "host", "10.0.0.1"))), 400,
                "validation").body("errors[0].field", equalTo("spec.host"))
                .body("errors[0].message", containsString("is not a parameter of backup targets"));
        assertProblem(put(name, Map.of("kind", "prometheus", "spec", Map.of("url", "http://prometheus:9090",
                "bearerToken", Map.of("env", "TOKEN", "file", "/run/secrets/token")))), 400, "validation")
                .body("errors[0].field", equalTo("spec.bearerToken"))
                .body("errors[0].message", containsString("exactly one of env or file"));
        assertProblem(put(name, Map.of("kind", "teleport", "spec", Map.of())), 400, "validation")
                .body("errors[0].field", equalTo("kind")).body("errors[0].message", containsString("kubernetes, nginx"));
        assertProblem(put(name, Map.of("kind", "http")), 400, "validation").body("errors.field", hasItem("spec"));
        assertProblem(get(name), 404, "not-found");
    }

    @Test
    void aTargetThatAStoredPlanNamesCannotBeRemoved() {
        String cluster = TestTargets.kubernetes("shop");
        String plan = TestPlans.newName("plan");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(plan, "checkout", List.of(TestPlans.step("undo", StepKind.KUBERNETES_UNDO.id(), cluster,
                        TestPlans.validParams(StepKind.KUBERNETES_UNDO)))))
                .post("/api/plans").then().statusCode(201);
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/targets/{name}", cluster)
                .then(), 409, "conflict").body("detail", containsString(plan + " v1"));
        get(cluster).statusCode(200);

        String unused = TestTargets.kubernetes("shop");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/targets/{name}", unused).then()
                .statusCode(204);
        assertProblem(get(unused), 404, "not-found");
    }

    @Test
    void theTargetsFileDefinesReadOnlyTargetsAndRefusesAMistakeNamingIt() throws Throwable {
        String name = TestPlans.newName("file-cluster");
        Path file = Files.createTempFile("targets-", ".yaml");
        try {
            Files.writeString(file, """
                    targets:
                      %s:
                        kind: kubernetes
                        description: the shop namespace, from Git
                        spec:
                          namespaces: [shop]
                    """.formatted(name));
            int loaded = VertxContextSupport.subscribeAndAwait(() -> targets.loadFile(TargetsFileAccess.read(file), "test"));
            assertTrue(loaded >= 1);
            get(name).statusCode(200).body("source", equalTo("FILE"))
                    .body("description", equalTo("the shop namespace, from Git"));
            assertProblem(put(name, Map.of("kind", "kubernetes", "spec", Map.of("namespaces", List.of("kube-system")))),
                    409, "conflict").body("detail", containsString("targets file"));
            assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/targets/{name}", name)
                    .then(), 409, "conflict");
            get(name).statusCode(200).body("spec.namespaces", equalTo(List.of("shop")));

            Files.writeString(file, """
                    targets:
                      %s:
                        kind: kubernetes
                        spec: {namespaces: [shop], kubeconfig: "/root/.kube/config"}
                      other:
                        kind: nginx
                        spec: {binary: /bin/sh}
                    """.formatted(name));
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TargetsFileAccess.read(file));
            assertTrue(refused.getMessage().contains("targets." + name + ".spec.kubeconfig"), refused.getMessage());
            assertTrue(refused.getMessage().contains("targets.other.spec.includeFile is required"), refused.getMessage());

            // A file without it removes the target it defined before.
            Files.writeString(file, "targets: {}\n");
            VertxContextSupport.subscribeAndAwait(() -> targets.loadFile(TargetsFileAccess.read(file), "test"));
            assertProblem(get(name), 404, "not-found");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void readingTargetsNeedsAKey() {
        assertProblem(given().get("/api/targets").then(), 401, "unauthorized");
        assertEquals(401, given().get("/api/targets/x").then().extract().statusCode());
    }
}
