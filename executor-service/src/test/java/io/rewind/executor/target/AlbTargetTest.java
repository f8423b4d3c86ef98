package io.rewind.executor.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rewind.common.problem.Problem;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.ParamReader;

/** An admin's {@code aws-alb} spec: what it accepts and, for each mistake, the field and what is wrong. */
class AlbTargetTest {

    private static final String BLUE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067";
    private static final String LISTENER =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";

    private static List<Problem.FieldError> read(Map<String, Object> spec) {
        List<Problem.FieldError> errors = new ArrayList<>();
        TargetKind.AWS_ALB.read(new ParamReader("spec", "aws-alb targets", spec, errors));
        return errors;
    }

    @Test
    void aRealisticSpecIsReadWithItsDefaults() {
        Map<String, Object> spec = TestTargets.validSpec(TargetKind.AWS_ALB);
        assertEquals(List.of(), read(spec));
        AlbTarget target = (AlbTarget) TargetKind.AWS_ALB.read(ParamReader.lenient(spec));
        assertEquals("eu-west-1", target.region());
        assertEquals(BLUE, target.targetGroups().get("blue"));
        assertEquals("blue", target.targetGroupName(BLUE));
        assertEquals(30, target.timeoutSeconds());
        assertEquals(null, target.endpoint());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(new Object[] { "region", "Europe" }, "spec.region", "must be an AWS region"),
                Arguments.of(new Object[] { "listeners", Map.of("public-https", BLUE) }, "spec.listeners.public-https",
                        "must be the ARN of a listener"),
                Arguments.of(new Object[] { "targetGroups", Map.of("blue", LISTENER) }, "spec.targetGroups.blue",
                        "must be the ARN of a target group"),
                Arguments.of(new Object[] { "targetGroups", Map.of("blue", BLUE.replace("eu-west-1", "us-east-1")) },
                        "spec.targetGroups.blue", "is a target group in us-east-1, not in the target's region eu-west-1"),
                Arguments.of(new Object[] { "targetGroups", Map.of("Blue", BLUE) }, "spec.targetGroups.Blue",
                        "must be named by a DNS label"),
                Arguments.of(new Object[] { "targetGroups", Map.of() }, "spec.targetGroups", "must not be empty"),
                Arguments.of(new Object[] { "endpoint", "http://key:secret@127.0.0.1:4566" }, "spec.endpoint",
                        "must not carry credentials"),
                Arguments.of(new Object[] { "endpoint", "file:///etc/passwd" }, "spec.endpoint", "absolute http or https URL"),
                Arguments.of(new Object[] { "profile", "a profile; rm -rf" }, "spec.profile", "must be the name of a profile"),
                Arguments.of(new Object[] { "timeoutSeconds", 0 }, "spec.timeoutSeconds", "from 1 to 120"),
                Arguments.of(new Object[] { "secretAccessKey", "wJalrXUtnFEMI" }, "spec.secretAccessKey", "looks like a secret"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void eachMistakeIsNamed(Object[] changes, String field, String message) {
        List<Problem.FieldError> errors = read(TestPlans.with(TestTargets.validSpec(TargetKind.AWS_ALB), changes));
        assertEquals(1, errors.size(), () -> "one error: " + errors);
        assertEquals(field, errors.get(0).field());
        assertTrue(errors.get(0).message().contains(message), errors.get(0).message());
    }
}
