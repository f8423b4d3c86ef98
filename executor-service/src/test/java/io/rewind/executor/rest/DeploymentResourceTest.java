package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestDeployments;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class DeploymentResourceTest {

    private static final String PATH = "/api/kubernetes/{namespace}/deployments/{name}";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static ValidatableResponse history(String namespace, String name) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(PATH + "/history", namespace, name).then();
    }

    private static ValidatableResponse quarantine(String namespace, String name, int revision, String reason) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("reason", reason)).put(PATH + "/quarantine/{revision}", namespace, name, revision).then();
    }

    private static ValidatableResponse release(String namespace, String name, int revision) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .delete(PATH + "/quarantine/{revision}", namespace, name, revision).then();
    }

    @Test
    void historyListsTheDeploymentsOwnRevisionsAndQuarantineSteersTheUndo() throws Exception {
        TestDeployments cluster = new TestDeployments(server.getClient());
        String ns = TestDeployments.namespace();
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        cluster.replicaSet(checkout, 1, "shop/checkout:1.4.1", null);
        cluster.replicaSet(checkout, 2, "shop/checkout:1.4.2", null);
        cluster.replicaSet(checkout, 3, "shop/checkout:1.5.0", null);
        cluster.replicaSet(ns, "checkout", UUID.randomUUID().toString(), 9, "evil/checkout:latest", null);
        String target = TestTargets.kubernetes(ns);

        history(ns, "checkout").statusCode(200)
                .body("currentRevision", equalTo(3))
                .body("paused", equalTo(false))
                .body("revisions.revision", contains(1, 2, 3))
                .body("revisions.current", contains(false, false, true))
                .body("revisions.quarantined", contains(false, false, false))
                .body("revisions[1].images", contains("shop/checkout:1.4.2"))
                .body("revisions[1].changeCause", equalTo("deploy shop/checkout:1.4.2"));

        quarantine(ns, "checkout", 2, "v1.4.2 corrupts carts").statusCode(201)
                .body("revision", equalTo(2)).body("createdBy", equalTo("test-operator"));
        quarantine(ns, "checkout", 2, "another reason").statusCode(200).body("reason", equalTo("v1.4.2 corrupts carts"));
        history(ns, "checkout").statusCode(200)
                .body("revisions.quarantined", contains(false, true, false))
                .body("revisions[1].quarantineReason", equalTo("v1.4.2 corrupts carts"))
                .body("revisions[0].quarantineReason", nullValue());

        String id = start(inline(TestPlans.newName("svc"), List.of(TestPlans.step("undo", StepKind.KUBERNETES_UNDO.id(),
                target, Map.of("namespace", ns, "deployment", "checkout"))))).statusCode(202)
                .extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED")).body("steps[0].before.toRevision", equalTo(1));
        assertEquals("shop/checkout:1.4.1", cluster.image(ns, "checkout"), "the quarantined revision 2 was skipped");

        release(ns, "checkout", 2).statusCode(204);
        assertProblem(release(ns, "checkout", 2), 404, "not-found");
        history(ns, "checkout").statusCode(200).body("revisions.quarantined", contains(false, false, false));
    }

    @Test
    void historyAndQuarantineStayInNamespacesATargetAllows() throws Exception {
        TestDeployments cluster = new TestDeployments(server.getClient());
        String ns = TestDeployments.namespace();
        Deployment secret = cluster.deployment(ns, "vault", "corp/vault:1.15.0", 2, false);
        cluster.replicaSet(secret, 1, "corp/vault:1.14.0", null);
        cluster.replicaSet(secret, 2, "corp/vault:1.15.0", null);

        assertProblem(history(ns, "vault"), 403, "forbidden")
                .body("detail", containsString("No kubernetes target allows namespace '" + ns + "'"))
                .body(not(containsString("corp/vault")));
        assertProblem(quarantine(ns, "vault", 1, "x"), 403, "forbidden");
        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.revision_quarantine WHERE namespace = ?", ns),
                "nothing was marked");

        TestTargets.kubernetes(ns);
        history(ns, "vault").statusCode(200).body("revisions.revision", contains(1, 2));
    }

    @Test
    void anUnknownDeploymentIs404AndBadNamesAre400() {
        TestTargets.kubernetes("shop");
        assertProblem(history("shop", "nothing-here"), 404, "not-found");
        assertProblem(history("Shop_1", "checkout"), 400, "validation");
        assertProblem(quarantine("shop", "checkout", 0, "x"), 400, "validation");
    }

    @Test
    void viewersReadHistoryButOnlyOperatorsQuarantine() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .put(PATH + "/quarantine/{revision}", "shop", "checkout", 3).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.APPROVER))
                .delete(PATH + "/quarantine/{revision}", "shop", "checkout", 3).then(), 403, "forbidden");
    }

    @Test
    void theHistoryPagesItsRevisionsAndRefusesAPageOutOfRange() {
        TestDeployments cluster = new TestDeployments(server.getClient());
        String ns = TestDeployments.namespace();
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        for (int revision = 1; revision <= 3; revision++) {
            cluster.replicaSet(checkout, revision, "shop/checkout:1." + revision + ".0", null);
        }
        TestTargets.kubernetes(ns);

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(PATH + "/history?limit=2", ns, "checkout").then()
                .statusCode(200).body("currentRevision", equalTo(3)).body("revisions.revision", contains(1, 2))
                .header("Link", containsString("offset=2"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(PATH + "/history?limit=2&offset=2", ns, "checkout")
                .then().statusCode(200).body("revisions.revision", contains(3)).header("Link", nullValue());
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get(PATH + "/history?limit=501", ns, "checkout").then(), 400, "validation")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get(PATH + "/history?offset=-1", ns, "checkout").then(), 400, "validation")
                .body("errors[0].field", equalTo("offset"));
    }

    @Test
    void aChangeCauseThatRecordedAnEnvironmentValueShowsItMasked() {
        TestDeployments cluster = new TestDeployments(server.getClient());
        String ns = TestDeployments.namespace();
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 2, false);
        cluster.replicaSet(checkout, 1, "shop/checkout:1.4.0", null);
        var leaky = cluster.replicaSet(checkout, 2, "shop/checkout:1.5.0", null);
        // kubectl set env ... --record writes the whole command, value included, into the change-cause.
        leaky.getMetadata().getAnnotations().put(TestDeployments.CHANGE_CAUSE,
                "kubectl set env deployment/checkout DB_PASSWORD=hunter2-very-secret LOG_LEVEL=debug --record=true");
        server.getClient().apps().replicaSets().inNamespace(ns).resource(leaky).update();
        TestTargets.kubernetes(ns);

        String cause = history(ns, "checkout").statusCode(200)
                .body(not(containsString("hunter2-very-secret")))
                .extract().path("revisions[1].changeCause");
        assertTrue(cause.matches("kubectl set env deployment/checkout DB_PASSWORD=\\*\\*\\*[0-9a-f]{8} "
                + "LOG_LEVEL=\\*\\*\\*[0-9a-f]{8} --record=true"), cause);
        history(ns, "checkout").body("revisions[0].changeCause", equalTo("deploy shop/checkout:1.4.0"));
    }
}
