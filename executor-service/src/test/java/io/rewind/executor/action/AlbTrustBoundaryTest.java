package io.rewind.executor.action;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.executor.LocalElbv2;
import io.rewind.executor.LocalElbv2.DefaultAction;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * Attacks on an {@code aws-alb} target through its steps, against {@link LocalElbv2}, a LOCAL STAND-IN for the AWS ELBv2
 * API (not AWS): even an admin's inline step cannot give an ARN, an endpoint, a region, a profile, a role or keys, nor
 * name a listener or target group the target does not hold. Each is refused with a 400 problem+json naming the field;
 * no execution is stored, the stand-in received no request at all and the listener forwards where it did.
 */
@QuarkusTest
@DisplayName("aws-alb trust boundary against LocalElbv2, a local stand-in for the AWS ELBv2 API (not AWS)")
class AlbTrustBoundaryTest {

    private static LocalElbv2 elb;
    private static String green;
    private static String listener;
    /** A target group and listener that exist, but that the target does not name. */
    private static String outsideGroup;
    private static String outsideListener;
    private static String target;

    @BeforeAll
    static void startLocalElbv2() throws Exception {
        LocalElbv2.useTestCredentials();
        elb = new LocalElbv2();
        green = elb.targetGroup("shop-green");
        listener = elb.listener("shop", green);
        outsideGroup = elb.targetGroup("billing-blue");
        outsideListener = elb.listener("billing", outsideGroup);
    }

    @AfterAll
    static void stop() {
        elb.close();
    }

    /** Defined once, by the first test: REST Assured points at the application only once it runs. */
    @BeforeEach
    void defineTarget() {
        if (target == null) {
            target = TestTargets.define(TargetKind.AWS_ALB, Map.of("region", LocalElbv2.REGION,
                    "listeners", Map.of("public-https", listener),
                    "targetGroups", Map.of("blue", elb.targetGroup("shop-blue"), "green", green),
                    "profile", LocalElbv2.PROFILE, "endpoint", elb.url()));
        }
    }

    static Stream<Arguments> whereAndWithWhat() {
        return Stream.of(
                Arguments.of("targetGroup", "OUTSIDE_GROUP"),
                Arguments.of("targetGroup", "purple"),
                Arguments.of("targetGroupArn", "OUTSIDE_GROUP"),
                Arguments.of("listener", "OUTSIDE_LISTENER"),
                Arguments.of("listener", "billing"),
                Arguments.of("listenerArn", "OUTSIDE_LISTENER"),
                Arguments.of("defaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", "OUTSIDE_GROUP"))),
                Arguments.of("endpoint", "http://169.254.169.254"),
                Arguments.of("region", "us-east-1"),
                Arguments.of("profile", "admin"),
                Arguments.of("roleArn", "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole"),
                Arguments.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE"),
                Arguments.of("secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }

    private static Object resolved(Object value) {
        return value instanceof String text ? text.replace("OUTSIDE_GROUP", outsideGroup)
                .replace("OUTSIDE_LISTENER", outsideListener)
                : value instanceof List<?> list ? list.stream().map(AlbTrustBoundaryTest::resolved).toList()
                : value instanceof Map<?, ?> map ? map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> e.getKey(), e -> resolved(e.getValue()))) : value;
    }

    private static void assertNothingChanged(String execution) throws Exception {
        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", execution),
                "no execution was stored");
        assertEquals(List.of(), elb.received(), "nothing was sent to the ELBv2 API");
        assertEquals(DefaultAction.forward(green), elb.defaultAction(listener));
        assertEquals(DefaultAction.forward(outsideGroup), elb.defaultAction(outsideListener));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("whereAndWithWhat")
    @DisplayName("a step cannot choose an ARN, endpoint, region, profile, role, keys or a group outside its target (local stand-in, not AWS)")
    void evenAnAdminsStepCannotChooseWhereOrWithWhat(String key, Object value) throws Exception {
        String execution = TestPlans.newName("shop");
        Map<String, Object> params = TestPlans.with(Map.of("targetGroup", "blue"), key, resolved(value));
        Map<String, Object> step = TestPlans.step("attack", StepKind.ALB_SWITCH_TARGET_GROUP.id(), target, params);
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + key));
        assertProblem(start(TestExecutions.dryRun(inline(execution, List.of(step)))), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + key));
        assertNothingChanged(execution);
    }

    @Test
    @DisplayName("a target group outside the target is refused naming those it has (local stand-in, not AWS)")
    void aTargetGroupOutsideTheTargetIsRefusedNamingThoseItHas() throws Exception {
        String execution = TestPlans.newName("shop");
        Map<String, Object> step = TestPlans.step("attack", StepKind.ALB_SWITCH_TARGET_GROUP.id(), target,
                Map.of("targetGroup", "billing-blue"));
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.find { it.field == 'steps[0].params.targetGroup' }.message",
                        containsString("is not a target group of this target (it has blue, green)"));
        assertNothingChanged(execution);
    }
}
