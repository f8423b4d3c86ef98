package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.executor.StatusServiceStub;
import io.rewind.executor.StatusServiceStub.Received;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.StatusUpdateParams;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code status.update} against recorded answers of status-service's admin API: what it posts, with which key, and that
 * one execution opens one public incident and adds its later updates to it.
 */
@QuarkusTest
@WithTestResource(StatusServiceStub.class)
class StatusUpdateStepTest {

    @Inject
    ExecutionWorker worker;

    @Inject
    StatusUpdateAction action;

    @BeforeEach
    void forgetEarlierRequests() {
        StatusServiceStub.RECEIVED.clear();
        StatusServiceStub.listsEmpty(false);
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> update(String name, Object... params) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        return TestPlans.step(name, StepKind.STATUS_UPDATE.id(), null, map);
    }

    private static Map<String, Object> execution(String target, List<?> steps) {
        Map<String, Object> body = inline(target, steps);
        body.put("release", Map.of("from", "v1.5.0", "to", "v1.4.2"));
        body.put("incidentId", "inc-42");
        return body;
    }

    @Test
    void twoUpdatesOfOneExecutionOpenOneIncidentAndAddOneUpdate() throws Exception {
        String target = TestPlans.newName("checkout");
        String id = start(execution(target, List.of(
                update("tell customers", "status", "identified", "message", "We are rolling checkout back to v1.4.2."),
                update("all clear", "status", "monitoring", "message", "The rollback is done; we are watching error rates."))))
                .statusCode(202).extract().path("id");
        var execution = runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));

        List<Received> posts = StatusServiceStub.posts();
        assertEquals(2, posts.size(), "one incident opened, one update added: " + posts);
        Received open = posts.get(0);
        assertEquals("/api/admin/incidents", open.path());
        assertEquals("Bearer " + StatusServiceStub.SERVICE_KEY, open.authorization());
        assertEquals(target + ": rolling back v1.5.0 to v1.4.2", open.body().get("name").asText());
        assertEquals("identified", open.body().get("status").asText());
        assertEquals("We are rolling checkout back to v1.4.2.", open.body().get("body").asText());
        assertFalse(open.body().has("templateId"));

        String incident = execution.extract().path("steps[0].after.incidentId");
        execution.body("steps[0].output", equalTo("status incident " + incident + ": identified"))
                .body("steps[0].after.opened", equalTo(true))
                .body("steps[1].before.incidentId", equalTo(incident))
                .body("steps[1].after.incidentId", equalTo(incident))
                .body("steps[1].after.opened", equalTo(false))
                .body("steps[1].output", equalTo("status incident " + incident + ": monitoring"));

        Received added = posts.get(1);
        assertEquals("/api/admin/incidents/" + incident + "/updates", added.path());
        assertEquals("Bearer " + StatusServiceStub.SERVICE_KEY, added.authorization());
        assertEquals("monitoring", added.body().get("status").asText());
        assertEquals("The rollback is done; we are watching error rates.", added.body().get("body").asText());
        assertEquals(2, StatusServiceStub.incident(UUID.fromString(incident)).get("updates").size());
        // Each post under a key of its own, derived from the execution and the step's position.
        assertEquals("rewind-executor:" + id + ":0:incident-open", open.idempotencyKey());
        assertEquals("rewind-executor:" + id + ":1:incident-update", added.idempotencyKey());
    }

    @Test
    void aTemplateIsPostedByIdWithWhatTheExecutionKnows() throws Exception {
        String target = TestPlans.newName("checkout");
        String id = start(execution(target, List.of(update("tell customers", "status", "identified",
                "template", StatusServiceStub.TEMPLATE)))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));

        Received open = StatusServiceStub.posts().get(0);
        assertEquals(StatusServiceStub.TEMPLATE_ID.toString(), open.body().get("templateId").asText());
        assertEquals(Map.of("service", target, "to", "v1.4.2"),
                Map.of("service", open.body().get("variables").get("service").asText(),
                        "to", open.body().get("variables").get("to").asText()));
        assertEquals(2, open.body().get("variables").size(), "only the template's placeholders");
        assertFalse(open.body().has("body"));
    }

    @Test
    void componentsAreNamedInThePlanAndSentByTheirIdsWithTheImpact() throws Exception {
        String id = start(execution(TestPlans.newName("checkout"), List.of(
                update("tell customers", "status", "identified", "message", "Checkout fails for some.", "impact", "major",
                        "components", Map.of(StatusServiceStub.COMPONENT, "partial_outage")),
                update("recovering", "status", "monitoring", "message", "Rolled back.",
                        "components", Map.of(StatusServiceStub.COMPONENT, "degraded_performance")),
                update("all clear", "status", "resolved", "message", "Fixed.")))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));

        List<Received> posts = StatusServiceStub.posts();
        assertEquals(3, posts.size(), posts.toString());
        assertEquals("major", posts.get(0).body().get("impact").asText());
        assertEquals(StatusServiceStub.COMPONENT_ID.toString(), posts.get(0).body().get("components").get(0).get("id").asText());
        assertEquals("partial_outage", posts.get(0).body().get("components").get(0).get("status").asText());
        assertEquals("degraded_performance", posts.get(1).body().get("components").get(0).get("status").asText());
        assertFalse(posts.get(1).body().has("impact"), "an update that names no impact leaves it as it is");
        assertFalse(posts.get(2).body().has("components"), "an update that names none leaves the components as they are");
    }

    @Test
    void aComponentTheStatusPageDoesNotHaveFailsTheStepNamingThoseItHas() throws Exception {
        String id = start(execution(TestPlans.newName("checkout"), List.of(update("tell customers", "status", "identified",
                "message", "Down.", "components", Map.of("Payments", "major_outage"))))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("FAILED"))
                .body("reason", containsString("status-service has no component named 'Payments' (it has: Checkout)"));
        assertTrue(StatusServiceStub.posts().isEmpty());
    }

    @Test
    void anUnknownTemplateFailsTheStepSayingSo() throws Exception {
        String id = start(execution(TestPlans.newName("checkout"), List.of(update("tell customers", "status", "identified",
                "template", "no-such-template")))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("FAILED"))
                .body("reason", containsString("status-service has no template named 'no-such-template'"));
        assertTrue(StatusServiceStub.posts().isEmpty());
    }

    @Test
    void aResumedStepAdoptsTheIncidentItAlreadyOpenedInsteadOfOpeningAnother() {
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        StepContext.ExecutionInfo execution = new StepContext.ExecutionInfo(UUID.randomUUID(), 0,
                TestPlans.newName("checkout"), "v1.5.0", "v1.4.2", null);
        StatusUpdateParams params = new StatusUpdateParams("identified", null, "Rolling back.", null, Map.of());
        StepContext first = new StepContext(params, null, null, started, Duration.ofMinutes(1), 1, execution);
        first = first.withBefore(action.snapshot(first));
        Outcome.Done opened = (Outcome.Done) action.apply(first);

        // The worker died before recording the after-state; the step is taken over with the same before-state.
        StepContext resumed = new StepContext(params, null, first.before(), started, Duration.ofMinutes(1), 2, execution);
        Outcome.Done again = (Outcome.Done) action.apply(resumed);

        assertEquals(opened.after().get("incidentId"), again.after().get("incidentId"));
        assertEquals(1, StatusServiceStub.posts().size(), "opened once");
    }

    @Test
    void aResumedStepThatCannotFindWhatItPostedPostsAgainUnderTheSameKeyAndGetsTheSameIncident() {
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        UUID executionId = UUID.randomUUID();
        StepContext.ExecutionInfo execution = new StepContext.ExecutionInfo(executionId, 0,
                TestPlans.newName("checkout"), "v1.5.0", "v1.4.2", null);
        StatusUpdateParams params = new StatusUpdateParams("identified", null, "Rolling back.", null, Map.of());
        StepContext first = new StepContext(params, null, null, started, Duration.ofMinutes(1), 1, execution);
        first = first.withBefore(action.snapshot(first));
        Outcome.Done opened = (Outcome.Done) action.apply(first);

        // Killed while the post was in flight: status-service stored it, but the list no longer shows it (another
        // page, a replica behind), so the resumed step cannot adopt it and posts again.
        StatusServiceStub.listsEmpty(true);
        StepContext resumed = new StepContext(params, null, first.before(), started, Duration.ofMinutes(1), 2, execution);
        Outcome.Done again = (Outcome.Done) action.apply(resumed);

        List<Received> posts = StatusServiceStub.posts();
        assertEquals(2, posts.size(), "posted again: " + posts);
        String key = "rewind-executor:" + executionId + ":0:incident-open";
        assertEquals(List.of(key, key), posts.stream().map(Received::idempotencyKey).toList());
        assertEquals(opened.after().get("incidentId"), again.after().get("incidentId"),
                "status-service answered the repeat with the incident the first post opened");
        assertEquals(1, StatusServiceStub.incident(UUID.fromString((String) opened.after().get("incidentId")))
                .get("updates").size(), "and stored nothing twice");

        // Another step of the same execution opens under a key of its own.
        StepContext other = new StepContext(params, null, Map.of("opens", "another"), started, Duration.ofMinutes(1), 1,
                new StepContext.ExecutionInfo(executionId, 3, execution.target(), "v1.5.0", "v1.4.2", null));
        action.apply(other);
        assertEquals("rewind-executor:" + executionId + ":3:incident-open", StatusServiceStub.posts().get(2).idempotencyKey());
    }

    @Test
    void aStatusUpdateNamesNoTargetAndTakesNoAddressOrKey() throws Exception {
        String service = TestPlans.newName("checkout");
        Map<String, Object> step = update("tell customers", "status", "identified", "message", "Rolling back.",
                "url", "http://127.0.0.1:1/api/admin/incidents", "apiKey", "stolen");
        start(execution(service, List.of(step))).statusCode(400)
                .body("errors.field", containsInAnyOrder("steps[0].params.apiKey", "steps[0].params.url"))
                .body("errors.message", hasItem(containsString("is not a parameter of status.update")))
                .body("errors.message", hasItem(containsString("looks like a secret")));
        // Nor a target: status-service is Rewind's own, configured on the executor.
        Map<String, Object> aimed = TestPlans.step("tell customers", StepKind.STATUS_UPDATE.id(),
                TestTargets.http("http://127.0.0.1:1"), Map.of("status", "identified", "message", "Rolling back."));
        start(execution(service, List.of(aimed))).statusCode(400)
                .body("errors.field", contains("steps[0].target"));

        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
        assertTrue(StatusServiceStub.RECEIVED.isEmpty(), "nothing sent: " + StatusServiceStub.RECEIVED);
    }

    @Test
    void aDryRunPostsNothingAndSaysWhatItWouldPost() throws Exception {
        String id = start(dryRun(execution(TestPlans.newName("checkout"), List.of(
                update("tell customers", "status", "identified", "message", "Rolling back."),
                update("all clear", "status", "resolved", "message", "Done."))))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps.output", contains(containsString("would open the public incident"),
                        containsString("would post a resolved update to the incident an earlier step opens")));
        assertTrue(StatusServiceStub.RECEIVED.isEmpty(), "nothing sent: " + StatusServiceStub.RECEIVED);
    }
}
