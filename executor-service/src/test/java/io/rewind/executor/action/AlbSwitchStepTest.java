package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalElbv2;
import io.rewind.executor.LocalElbv2.DefaultAction;
import io.rewind.executor.LocalElbv2.Group;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.AlbSwitchParams;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.ResolvedTarget;

/**
 * {@code alb.switchTargetGroup} through the real AWS SDK v2 ELBv2 client against {@link LocalElbv2}, a LOCAL STAND-IN
 * for the AWS ELBv2 Query API (not AWS: no AWS endpoint is reachable here). The runbook's {@code aws elbv2
 * modify-listener --default-actions Type=forward,TargetGroupArn=<blue>}, with its before and after state read with
 * DescribeListeners, dry run, compensation, a resumed step that finds its switch done, and AWS's refusals.
 */
@QuarkusTest
@DisplayName("alb.switchTargetGroup against LocalElbv2, a local stand-in for the AWS ELBv2 API (not AWS)")
class AlbSwitchStepTest {

    /** SigV4 with the test profile's key, for the target's region and the ELBv2 service. */
    private static final Pattern SIGNED = Pattern.compile("AWS4-HMAC-SHA256 Credential=" + LocalElbv2.ACCESS_KEY
            + "/[0-9]{8}/" + LocalElbv2.REGION + "/elasticloadbalancing/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}");

    private LocalElbv2 elb;

    @Inject
    ExecutionWorker worker;

    @Inject
    AlbSwitchAction action;

    private String blue;
    private String green;
    private String listener;

    @BeforeAll
    static void testCredentials() throws Exception {
        LocalElbv2.useTestCredentials();
    }

    /** A fresh stand-in for each test, so what it received is this test's alone. */
    @BeforeEach
    void greenIsLive() throws Exception {
        elb = new LocalElbv2();
        blue = elb.targetGroup("shop-blue");
        green = elb.targetGroup("shop-green");
        listener = elb.listener("shop", green);
    }

    @AfterEach
    void cleanUp() throws Exception {
        TestExecutions.cancelAllActive();
        elb.close();
    }

    private Map<String, Object> spec(Object... changes) {
        Map<String, Object> spec = new HashMap<>(Map.of("region", LocalElbv2.REGION, "listeners",
                Map.of("public-https", listener), "targetGroups", Map.of("blue", blue, "green", green),
                "profile", LocalElbv2.PROFILE, "endpoint", elb.url(), "timeoutSeconds", 5));
        return TestPlans.with(spec, changes);
    }

    private String target(Object... changes) {
        return TestTargets.define(TargetKind.AWS_ALB, spec(changes));
    }

    private static Map<String, Object> switchTo(String target, String group) {
        return TestPlans.step("back to " + group, StepKind.ALB_SWITCH_TARGET_GROUP.id(), target,
                Map.of("listener", "public-https", "targetGroup", group));
    }

    private String run(Map<String, Object> body) throws Exception {
        String id = start(body).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    @Test
    @DisplayName("switches the listener back to blue, records DescribeListeners before and after, compensates to green (local stand-in, not AWS)")
    void switchesToBlueAndCompensationPointsBackAtGreen() throws Exception {
        String target = target();

        String dry = run(TestExecutions.dryRun(inline(TestPlans.newName("shop"), List.of(switchTo(target, "blue")))));
        TestExecutions.get(dry).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.forwardsTo[0].targetGroup", equalTo("green"))
                .body("steps[0].after.forwardsTo[0].targetGroup", equalTo("blue"))
                .body("steps[0].after.forwardsTo[0].arn", equalTo(blue))
                .body("steps[0].output", containsString("would point the default action of listener 'public-https' ("
                        + listener + ") at blue (" + blue + ")"));
        assertEquals(0, elb.count("ModifyListener"), "a dry run changes nothing");
        assertEquals(DefaultAction.forward(green), elb.defaultAction(listener));

        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target, "blue"))));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.listenerArn", equalTo(listener))
                .body("steps[0].before.forwardsTo[0].targetGroup", equalTo("green"))
                .body("steps[0].before.forwardsTo[0].arn", equalTo(green))
                .body("steps[0].before.stickySeconds", nullValue())
                .body("steps[0].after.forwardsTo.size()", equalTo(1))
                .body("steps[0].after.forwardsTo[0].targetGroup", equalTo("blue"))
                .body("steps[0].after.forwardsTo[0].arn", equalTo(blue))
                .body("steps[0].output", containsString("pointed the default action of listener 'public-https'"));
        assertEquals(DefaultAction.forward(blue), elb.defaultAction(listener));
        LocalElbv2.Request modify = elb.received().stream().filter(r -> "ModifyListener".equals(r.action())).findFirst()
                .orElseThrow();
        // The runbook's call, signed by the SDK with the target's profile.
        assertEquals(listener, modify.params().get("ListenerArn"));
        assertEquals("forward", modify.params().get("DefaultActions.member.1.Type"));
        assertEquals(blue, modify.params().get("DefaultActions.member.1.TargetGroupArn"));
        assertTrue(elb.received().stream().allMatch(r -> SIGNED.matcher(r.authorization()).matches()),
                () -> "every request signed with the profile's key: " + elb.received());

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200);
        assertEquals(DefaultAction.forward(green), elb.defaultAction(listener));
        assertEquals(2, elb.count("ModifyListener"));
    }

    @Test
    @DisplayName("a weighted, sticky forward is switched keeping stickiness and restored exactly (local stand-in, not AWS)")
    void aWeightedStickyForwardIsRestoredExactly() throws Exception {
        DefaultAction canary = new DefaultAction("forward", List.of(new Group(green, 90), new Group(blue, 10)), 300);
        elb.set(listener, canary);
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target(), "blue"))));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.forwardsTo.size()", equalTo(2))
                .body("steps[0].before.stickySeconds", equalTo(300))
                .body("steps[0].after.stickySeconds", equalTo(300));
        assertEquals(new DefaultAction("forward", List.of(new Group(blue, 1)), 300), elb.defaultAction(listener));

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200);
        DefaultAction restored = elb.defaultAction(listener);
        assertEquals(300, restored.stickySeconds());
        assertEquals(java.util.Set.copyOf(canary.groups()), java.util.Set.copyOf(restored.groups()));
    }

    @Test
    @DisplayName("a listener already on blue is left alone: nothing to change (local stand-in, not AWS)")
    void aListenerAlreadyOnBlueIsLeftAlone() throws Exception {
        elb.set(listener, DefaultAction.forward(blue));
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target(), "blue"))));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("already forwards to blue (" + blue + "): nothing to change"));
        assertEquals(0, elb.count("ModifyListener"));
    }

    private StepContext context(String group) {
        ResolvedTarget resolved = new ResolvedTarget("shop-alb", TargetKind.AWS_ALB,
                TargetKind.AWS_ALB.read(ParamReader.lenient(spec())));
        StepContext context = new StepContext(new AlbSwitchParams("public-https", group), resolved, null,
                OffsetDateTime.now(ZoneOffset.UTC), Duration.ofMinutes(1), 1, null);
        return context.withBefore(action.snapshot(context));
    }

    @Test
    @DisplayName("a step resumed after its worker died finds the listener switched and changes nothing twice (local stand-in, not AWS)")
    void aResumedStepFindsTheListenerSwitchedAndChangesNothing() {
        StepContext context = context("blue");
        // What the dead worker left: ModifyListener sent and answered, the outcome never recorded.
        elb.set(listener, DefaultAction.forward(blue));
        long modified = elb.count("ModifyListener");

        Outcome outcome = action.apply(context);

        assertTrue(outcome instanceof Outcome.Done done && done.output().contains("nothing to change")
                && done.after().get("listenerArn").equals(listener), () -> "" + outcome);
        assertEquals(modified, elb.count("ModifyListener"));
        assertEquals(DefaultAction.forward(blue), elb.defaultAction(listener));
    }

    @Test
    @DisplayName("a step that finds the listener moved elsewhere since its snapshot stops without touching it (local stand-in, not AWS)")
    void aListenerSomeoneElseMovedIsNotTouched() {
        StepContext context = context("blue");
        String other = elb.targetGroup("shop-hotfix");
        elb.set(listener, DefaultAction.forward(other));

        StepFailure failure = assertThrows(StepFailure.class, () -> action.apply(context));

        assertTrue(failure.getMessage().contains("as when this step began: something else changed it; nothing was changed"),
                failure.getMessage());
        assertEquals(0, elb.count("ModifyListener"));
        assertEquals(DefaultAction.forward(other), elb.defaultAction(listener));
    }

    @Test
    @DisplayName("a listener AWS does not know fails the step with ListenerNotFound (local stand-in, not AWS)")
    void aListenerAwsDoesNotKnowFailsTheStep() throws Exception {
        String gone = LocalElbv2.unknownListener("shop");
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target("listeners",
                Map.of("public-https", gone)), "blue"))));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("error: DescribeListeners: listener 'public-https' (" + gone
                        + ") was not found in eu-west-1 (ListenerNotFound: One or more listeners not found, HTTP 400"))
                .body("steps[0].error", containsString("an admin must correct target"));
        assertEquals(0, elb.count("ModifyListener"));
    }

    @Test
    @DisplayName("a target group AWS does not know fails the step with TargetGroupNotFound, listener unchanged (local stand-in, not AWS)")
    void aTargetGroupAwsDoesNotKnowFailsTheStep() throws Exception {
        String deleted = LocalElbv2.unknownTargetGroup("shop-blue");
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target("targetGroups",
                Map.of("blue", deleted, "green", green)), "blue"))));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("error: ModifyListener: a target group of blue (" + deleted
                        + ") was not found in eu-west-1 (TargetGroupNotFound: One or more target groups not found"))
                .body("steps[0].error", containsString("was not changed"));
        assertEquals(DefaultAction.forward(green), elb.defaultAction(listener));
    }

    @Test
    @DisplayName("a listener whose default action is not a forward is refused, nothing sent (local stand-in, not AWS)")
    void aListenerThatDoesNotForwardIsRefused() throws Exception {
        elb.set(listener, DefaultAction.fixedResponse());
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target(), "blue"))));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("has default actions [fixed-response]: alb.switchTargetGroup only"
                        + " switches a listener whose one default action is a forward; nothing was changed"));
        assertEquals(0, elb.count("ModifyListener"));
        assertEquals(DefaultAction.fixedResponse(), elb.defaultAction(listener));
    }

    @Test
    @DisplayName("credentials AWS denies fail the step naming the permissions it needs (local stand-in, not AWS)")
    void deniedCredentialsFailTheStepNamingThePermissions() throws Exception {
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target("profile", LocalElbv2.DENIED_PROFILE),
                "blue"))));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("error: AWS refused DescribeListeners on listener 'public-https'"))
                .body("steps[0].error", containsString("AccessDenied"))
                .body("steps[0].error", containsString("need elasticloadbalancing:DescribeListeners and"
                        + " elasticloadbalancing:ModifyListener"));
        assertEquals(DefaultAction.forward(green), elb.defaultAction(listener));
    }

    @Test
    @DisplayName("a profile without credentials fails the step before anything is sent (local stand-in, not AWS)")
    void aProfileWithoutCredentialsFailsTheStepAndSendsNothing() throws Exception {
        int before = elb.received().size();
        String id = run(inline(TestPlans.newName("shop"), List.of(switchTo(target("profile", "nobody"), "blue"))));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("error: no AWS credentials for target '"))
                .body("steps[0].error", containsString("(profile nobody)"));
        assertEquals(before, elb.received().size(), "nothing was sent, signed or not");
    }
}
