package io.rewind.executor.service;

import static io.rewind.executor.TestPlans.REMOVE;
import static io.rewind.executor.TestPlans.validParams;
import static io.rewind.executor.TestPlans.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.rewind.common.problem.Problem;
import io.rewind.executor.Step;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.target.ResolvedTarget;

class StepValidatorTest {

    /** The parameters each kind cannot do without, as StepKind documents them. */
    private static final Map<StepKind, List<String>> REQUIRED = new EnumMap<>(Map.ofEntries(
            Map.entry(StepKind.KUBERNETES_UNDO, List.of("deployment")),
            Map.entry(StepKind.KUBERNETES_SCALE, List.of("deployment", "replicas")),
            Map.entry(StepKind.KUBERNETES_SET_ENV, List.of("deployment", "name", "value")),
            Map.entry(StepKind.KUBERNETES_SWITCH_SERVICE, List.of("service", "selector")),
            Map.entry(StepKind.ISTIO_SET_WEIGHTS, List.of("virtualService", "weights")),
            Map.entry(StepKind.NGINX_SWITCH_UPSTREAM, List.of("upstream")),
            Map.entry(StepKind.FLAG_DISABLE, List.of("feature")),
            Map.entry(StepKind.POSTGRES_DOWN_MIGRATION, List.of("script", "expectedVersionBefore", "expectedVersionAfter")),
            Map.entry(StepKind.POSTGRES_RESTORE, List.of()),
            Map.entry(StepKind.VERIFY_ROLLOUT_STATUS, List.of("deployment")),
            Map.entry(StepKind.VERIFY_HTTP, List.of("path")),
            Map.entry(StepKind.VERIFY_METRIC, List.of("query", "threshold", "operator")),
            Map.entry(StepKind.STATUS_UPDATE, List.of("status", "message")),
            Map.entry(StepKind.WAIT, List.of("duration")),
            Map.entry(StepKind.APPROVAL, List.of()),
            Map.entry(StepKind.HOST_ROLLBACK, List.of()),
            Map.entry(StepKind.ALB_SWITCH_TARGET_GROUP, List.of("targetGroup")),
            Map.entry(StepKind.MIGRATION_ROLLBACK, List.of()),
            Map.entry(StepKind.DOCKER_REDEPLOY, List.of("project", "service"))));

    /** The targets an admin defined, one of each kind (and a cluster target allowing two namespaces). */
    private static final Map<String, ResolvedTarget> TARGETS = Map.ofEntries(
            Map.entry("shop-cluster", target("shop-cluster", TargetKind.KUBERNETES)),
            Map.entry("two-namespaces", new ResolvedTarget("two-namespaces", TargetKind.KUBERNETES,
                    TargetKind.KUBERNETES.read(ParamReader.lenient(Map.of("namespaces", List.of("shop", "payments")))))),
            Map.entry("shop-nginx", target("shop-nginx", TargetKind.NGINX)),
            Map.entry("shop-flags", target("shop-flags", TargetKind.UNLEASH)),
            Map.entry("shop-flagd", target("shop-flagd", TargetKind.FLAGD)),
            Map.entry("orders-db", target("orders-db", TargetKind.POSTGRES)),
            Map.entry("checkout-site", target("checkout-site", TargetKind.HTTP)),
            Map.entry("prometheus", target("prometheus", TargetKind.PROMETHEUS)),
            Map.entry("orders-backup", target("orders-backup", TargetKind.BACKUP)),
            Map.entry("shop-host", target("shop-host", TargetKind.HOST)),
            Map.entry("shop-alb", target("shop-alb", TargetKind.AWS_ALB)),
            Map.entry("two-listeners", new ResolvedTarget("two-listeners", TargetKind.AWS_ALB, TargetKind.AWS_ALB.read(
                    ParamReader.lenient(TestPlans.with(TestTargets.validSpec(TargetKind.AWS_ALB), "listeners", Map.of(
                            "public-https", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2",
                            "internal", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-internal/60dc6c495c0c9188/a2f7dc8efc522ab2")))))),
            Map.entry("shop-commands", target("shop-commands", TargetKind.COMMANDS)),
            Map.entry("shop-docker", target("shop-docker", TargetKind.DOCKER)));

    private static ResolvedTarget target(String name, TargetKind kind) {
        return new ResolvedTarget(name, kind, kind.read(ParamReader.lenient(TestTargets.validSpec(kind))));
    }

    /** The target a valid step of {@code kind} names; null for kinds that take none. */
    private static String targetOf(StepKind kind) {
        TargetKind wanted = TestPlans.targetKind(kind);
        return wanted == null ? null : TARGETS.values().stream().filter(t -> t.kind() == wanted)
                .map(ResolvedTarget::name).filter(n -> !n.equals("two-namespaces") && !n.equals("two-listeners")).findFirst()
                .orElseThrow();
    }

    private static Step step(StepKind kind, Map<String, Object> params) {
        return new Step("step", kind, targetOf(kind), params, null, null);
    }

    private static Step step(String name, StepKind kind, Map<String, Object> params, Duration timeout) {
        return new Step(name, kind, kind == null ? null : targetOf(kind), params, timeout, null);
    }

    private static Step step(String name, StepKind kind, String target, Map<String, Object> params, Duration timeout) {
        return new Step(name, kind, target, params, timeout, null);
    }

    private static List<Problem.FieldError> validate(Step... steps) {
        return StepValidator.validate(Arrays.asList(steps), TARGETS::get);
    }

    private static void assertOnlyError(List<Problem.FieldError> errors, String field, String messagePart) {
        assertEquals(1, errors.size(), () -> "exactly one error expected: " + errors);
        assertEquals(field, errors.get(0).field());
        assertTrue(errors.get(0).message().contains(messagePart),
                () -> "'" + errors.get(0).message() + "' should contain '" + messagePart + "'");
    }

    @ParameterizedTest
    @EnumSource(StepKind.class)
    void everyKindAcceptsTheParametersItDocuments(StepKind kind) {
        assertEquals(List.of(), validate(step(kind, validParams(kind))));
    }

    @ParameterizedTest
    @EnumSource(StepKind.class)
    void everyKindNamesEachRequiredParameterThatIsMissing(StepKind kind) {
        assertTrue(REQUIRED.containsKey(kind), "the test knows what " + kind + " requires");
        for (String required : REQUIRED.get(kind)) {
            List<Problem.FieldError> errors = validate(step(kind, with(validParams(kind), required, REMOVE)));
            assertOnlyError(errors, "steps[0].params." + required, "is required");
        }
    }

    @ParameterizedTest
    @EnumSource(StepKind.class)
    void everyKindRefusesAParameterItDoesNotTake(StepKind kind) {
        assertOnlyError(validate(step(kind, with(validParams(kind), "toRevison", 2))),
                "steps[0].params.toRevison", "is not a parameter of " + kind.id());
    }

    @Test
    void optionalParametersMayBeLeftOutAndNullMeansAbsent() {
        assertEquals(List.of(), validate(step(StepKind.APPROVAL, null)));
        assertEquals(List.of(), validate(step(StepKind.KUBERNETES_UNDO,
                with(validParams(StepKind.KUBERNETES_UNDO), "toRevision", null))));
        assertEquals(List.of(), validate(step(StepKind.VERIFY_HTTP, Map.of("path", "/q/health/ready?full=true"))));
        assertEquals(List.of(), validate(step(StepKind.POSTGRES_RESTORE, Map.of())));
        assertEquals(List.of(), validate(step(StepKind.KUBERNETES_UNDO,
                with(validParams(StepKind.KUBERNETES_UNDO), "namespace", REMOVE))), "the target's only namespace");
        assertEquals(List.of(), validate(step(StepKind.KUBERNETES_SET_ENV,
                with(validParams(StepKind.KUBERNETES_SET_ENV), "container", REMOVE, "value", ""))),
                "an empty value is a value");
    }

    @Test
    void aSecretIsRefusedWithAReasonNotMerelyAsUnknown() {
        assertOnlyError(validate(step(StepKind.FLAG_DISABLE, with(validParams(StepKind.FLAG_DISABLE), "apiToken", "*:production.abc"))),
                "steps[0].params.apiToken", "secrets never go into a request");
    }

    static Stream<Arguments> invalidParameters() {
        return Stream.of(
                Arguments.of(StepKind.MIGRATION_ROLLBACK, new Object[] { "command", "ghost" }, "command",
                        "names no command of this target (got 'ghost') (it defines knex-rollback)"),
                Arguments.of(StepKind.MIGRATION_ROLLBACK, new Object[] { "args", Map.of("steps", "1") }, "args.steps",
                        "is not a placeholder of this command (it takes none)"),
                Arguments.of(StepKind.MIGRATION_ROLLBACK, new Object[] { "expectRemoved", 1 }, "expectLatest",
                        "give exactly one of expectLatest"),
                Arguments.of(StepKind.MIGRATION_ROLLBACK, new Object[] { "expectLatest", "--all" }, "expectLatest",
                        "must be a migration's name"),
                Arguments.of(StepKind.KUBERNETES_UNDO, new Object[] { "toRevision", 0 }, "toRevision", "a positive integer"),
                Arguments.of(StepKind.KUBERNETES_UNDO, new Object[] { "toRevision", "3" }, "toRevision", "a positive integer"),
                Arguments.of(StepKind.KUBERNETES_UNDO, new Object[] { "namespace", "Shop" }, "namespace", "DNS label"),
                Arguments.of(StepKind.KUBERNETES_UNDO, new Object[] { "deployment", 7 }, "deployment", "must be a string"),
                Arguments.of(StepKind.KUBERNETES_SCALE, new Object[] { "replicas", -1 }, "replicas", "an integer, 0 or more"),
                Arguments.of(StepKind.KUBERNETES_SCALE, new Object[] { "replicas", "three" }, "replicas", "an integer, 0 or more"),
                Arguments.of(StepKind.KUBERNETES_SCALE, new Object[] { "replicas", 2.5 }, "replicas", "an integer, 0 or more"),
                Arguments.of(StepKind.KUBERNETES_SET_ENV, new Object[] { "name", "1_BAD NAME" }, "name", "environment variable name"),
                Arguments.of(StepKind.KUBERNETES_SET_ENV, new Object[] { "value", false }, "value", "must be a string"),
                Arguments.of(StepKind.KUBERNETES_SET_ENV, new Object[] { "container", "App" }, "container", "container name"),
                Arguments.of(StepKind.KUBERNETES_SWITCH_SERVICE, new Object[] { "selector", Map.of() }, "selector", "must not be empty"),
                Arguments.of(StepKind.KUBERNETES_SWITCH_SERVICE, new Object[] { "selector", "color=blue" }, "selector", "must be an object"),
                Arguments.of(StepKind.KUBERNETES_SWITCH_SERVICE, new Object[] { "selector", Map.of("color", 5) }, "selector.color", "label value"),
                Arguments.of(StepKind.KUBERNETES_SWITCH_SERVICE, new Object[] { "selector", Map.of("my color", "blue") }, "selector", "label key"),
                Arguments.of(StepKind.KUBERNETES_SWITCH_SERVICE, new Object[] { "service", "1checkout" }, "service", "DNS-1035"),
                Arguments.of(StepKind.ISTIO_SET_WEIGHTS, new Object[] { "weights", Map.of("stable", 90, "canary", 5) }, "weights", "they add up to 95"),
                Arguments.of(StepKind.ISTIO_SET_WEIGHTS, new Object[] { "weights", Map.of("stable", 101) }, "weights.stable", "from 0 to 100"),
                Arguments.of(StepKind.ISTIO_SET_WEIGHTS, new Object[] { "weights", Map.of("Stable", 100) }, "weights", "subset name"),
                Arguments.of(StepKind.ISTIO_SET_WEIGHTS, new Object[] { "route", "" }, "route", "must not be blank"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "includeFile", "/etc/passwd" }, "includeFile", "is not a parameter of nginx.switchUpstream"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "upstream", List.of() }, "upstream", "at least one server"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "upstream", List.of("10.0.0.7:8080", "10.0.0.8:8080; include /etc/passwd") }, "upstream[1]", "server address"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "upstream", "checkout_blue { }" }, "upstream", "upstream block"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "upstream", 8080 }, "upstream", "an array of servers"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "nginxBinary", "/bin/sh" }, "nginxBinary", "is not a parameter"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "prefix", "/tmp" }, "prefix", "is not a parameter"),
                Arguments.of(StepKind.NGINX_SWITCH_UPSTREAM, new Object[] { "config", "/tmp/evil.conf" }, "config", "is not a parameter"),
                Arguments.of(StepKind.FLAG_DISABLE, new Object[] { "provider", "unleash" }, "provider", "is not a parameter"),
                Arguments.of(StepKind.FLAG_DISABLE, new Object[] { "url", "http://127.0.0.1:9/" }, "url", "is not a parameter"),
                Arguments.of(StepKind.FLAG_DISABLE, new Object[] { "feature", "new cart" }, "feature", "feature flag name"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, new Object[] { "expectedVersionAfter", 42 }, "expectedVersionAfter", "must differ"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, new Object[] { "script", "  " }, "script", "must not be blank"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, new Object[] { "expectedVersionBefore", List.of(4, 2) }, "expectedVersionBefore", "schema version"),
                Arguments.of(StepKind.POSTGRES_DOWN_MIGRATION, new Object[] { "database", "orders" }, "database", "is not a parameter"),
                Arguments.of(StepKind.POSTGRES_RESTORE, new Object[] { "backupId", "latest" }, "backupId", "UUID"),
                Arguments.of(StepKind.POSTGRES_RESTORE, new Object[] { "force", "yes" }, "force", "true or false"),
                Arguments.of(StepKind.VERIFY_ROLLOUT_STATUS, new Object[] { "deployment", "Checkout_1" }, "deployment", "DNS subdomain"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "url", "http://127.0.0.1:8082/" }, "url", "the step's http target holds the base URL"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "//127.0.0.1:9/x" }, "path", "single '/'"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "http://127.0.0.1:9/x" }, "path", "starting with a single '/'"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/../admin" }, "path", "'..' segments"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/%2e%2e/admin" }, "path", "'..' segments"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/a%2fb" }, "path", "encoded slashes"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/\\127.0.0.1" }, "path", "'\\'"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/x#@evil" }, "path", "'#'"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "path", "/%zz" }, "path", "percent-escape"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "method", "FETCH" }, "method", "must be one of GET"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "expectStatus", 700 }, "expectStatus", "from 100 to 599"),
                Arguments.of(StepKind.VERIFY_HTTP, new Object[] { "retries", 1000 }, "retries", "from 0 to 100"),
                Arguments.of(StepKind.VERIFY_METRIC, new Object[] { "operator", "eq" }, "operator", "must be one of lt, le, gt, ge"),
                Arguments.of(StepKind.VERIFY_METRIC, new Object[] { "threshold", "1%" }, "threshold", "must be a number"),
                Arguments.of(StepKind.VERIFY_METRIC, new Object[] { "baselineQuery", "sum(rate(http_requests_total[1h] offset 1d))" }, "baselineQuery", "cannot be combined"),
                Arguments.of(StepKind.VERIFY_METRIC, new Object[] { "threshold", REMOVE, "operator", REMOVE }, "threshold", "or baselineQuery and maxIncreasePercent"),
                Arguments.of(StepKind.STATUS_UPDATE, new Object[] { "status", "fixed" }, "status", "investigating, identified, monitoring, resolved"),
                Arguments.of(StepKind.STATUS_UPDATE, new Object[] { "template", "rollback-started" }, "message", "cannot be combined with template"),
                Arguments.of(StepKind.STATUS_UPDATE, new Object[] { "impact", "huge" }, "impact", "none, minor, major, critical"),
                Arguments.of(StepKind.STATUS_UPDATE, new Object[] { "components", Map.of("Checkout", "down") }, "components.Checkout", "major_outage"),
                Arguments.of(StepKind.STATUS_UPDATE, new Object[] { "components", List.of("Checkout") }, "components", "must be an object"),
                Arguments.of(StepKind.WAIT, new Object[] { "duration", "30s" }, "duration", "ISO-8601 duration"),
                Arguments.of(StepKind.WAIT, new Object[] { "duration", "PT48H" }, "duration", "at most PT24H"),
                Arguments.of(StepKind.WAIT, new Object[] { "duration", "PT0S" }, "duration", "must be positive"),
                Arguments.of(StepKind.APPROVAL, new Object[] { "message", 5 }, "message", "must be a string"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidParameters")
    void anInvalidParameterIsNamedWithWhatIsWrong(StepKind kind, Object[] changes, String field, String messagePart) {
        assertOnlyError(validate(step(kind, with(validParams(kind), changes))), "steps[0].params." + field, messagePart);
    }

    @Test
    void aMetricMayBeComparedWithABaselineInsteadOfAThreshold() {
        Map<String, Object> baseline = with(validParams(StepKind.VERIFY_METRIC), "threshold", REMOVE, "operator", REMOVE,
                "baselineQuery", "sum(rate(http_requests_total{code=~\"5..\"}[5m] offset 1d))", "maxIncreasePercent", 20);
        assertEquals(List.of(), validate(step(StepKind.VERIFY_METRIC, baseline)));
        assertOnlyError(validate(step(StepKind.VERIFY_METRIC, with(baseline, "maxIncreasePercent", REMOVE))),
                "steps[0].params.maxIncreasePercent", "is required");
        assertOnlyError(validate(step(StepKind.VERIFY_METRIC, with(baseline, "maxIncreasePercent", -5))),
                "steps[0].params.maxIncreasePercent", "0 or more");
    }

    @Test
    void aStatusUpdateMayUseATemplateInsteadOfAMessage() {
        assertEquals(List.of(), validate(step(StepKind.STATUS_UPDATE,
                Map.of("status", "monitoring", "template", "rollback-complete"))));
    }

    @Test
    void aFlagStepRunsOnAnUnleashOrAFlagdTargetAndSaysOnlyWhichFeature() {
        Map<String, Object> feature = Map.of("feature", "new-cart");
        assertEquals(List.of(), validate(step("off", StepKind.FLAG_DISABLE, "shop-flagd", feature, null)));
        assertEquals(List.of(), validate(step("off", StepKind.FLAG_DISABLE, "shop-flags", feature, null)));
        assertOnlyError(validate(step("off", StepKind.FLAG_DISABLE, "shop-flagd", with(feature, "configMap", "other"), null)),
                "steps[0].params.configMap", "is not a parameter of flag.disable");
    }

    @Test
    void anAlbStepNamesAListenerAndATargetGroupOfItsTargetNeverAnArn() {
        Map<String, Object> blue = validParams(StepKind.ALB_SWITCH_TARGET_GROUP);
        String arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067";
        assertOnlyError(validate(step(StepKind.ALB_SWITCH_TARGET_GROUP, with(blue, "targetGroup", arn))),
                "steps[0].params.targetGroup", "not an ARN");
        assertOnlyError(validate(step(StepKind.ALB_SWITCH_TARGET_GROUP, with(blue, "targetGroup", "purple"))),
                "steps[0].params.targetGroup", "is not a target group of this target (it has blue, green) (got 'purple')");
        assertOnlyError(validate(step(StepKind.ALB_SWITCH_TARGET_GROUP, with(blue, "listener", "internal"))),
                "steps[0].params.listener", "is not a listener of this target (it has public-https)");
        // One listener: it may be left out. Two: the step must say which.
        assertEquals(List.of(), validate(step(StepKind.ALB_SWITCH_TARGET_GROUP, with(blue, "listener", REMOVE))));
        assertOnlyError(validate(step("switch", StepKind.ALB_SWITCH_TARGET_GROUP, "two-listeners",
                with(blue, "listener", REMOVE), null)), "steps[0].params.listener",
                "is required: the target has listeners internal, public-https");
        assertEquals(List.of(), validate(step("switch", StepKind.ALB_SWITCH_TARGET_GROUP, "two-listeners",
                with(blue, "listener", "internal"), null)));
    }

    @Test
    void aStepNamesAnExistingTargetOfItsKind() {
        Map<String, Object> undo = validParams(StepKind.KUBERNETES_UNDO);
        assertOnlyError(validate(step("undo", StepKind.KUBERNETES_UNDO, null, undo, null)),
                "steps[0].target", "is required: kubernetes.undo steps act on a kubernetes target");
        assertOnlyError(validate(step("undo", StepKind.KUBERNETES_UNDO, "nowhere", undo, null)),
                "steps[0].target", "names no target");
        assertOnlyError(validate(step("undo", StepKind.KUBERNETES_UNDO, "shop-nginx", undo, null)),
                "steps[0].target", "names a nginx target; kubernetes.undo steps act on a kubernetes target");
        assertOnlyError(validate(step("undo", StepKind.KUBERNETES_UNDO, "../etc", undo, null)),
                "steps[0].target", "must be a target name");
        assertOnlyError(validate(step("wait", StepKind.WAIT, "shop-cluster", Map.of("duration", "PT1S"), null)),
                "steps[0].target", "wait steps take no target");
    }

    @Test
    void aKubernetesStepActsOnlyInANamespaceItsTargetAllows() {
        assertOnlyError(validate(step(StepKind.KUBERNETES_SCALE, with(validParams(StepKind.KUBERNETES_SCALE), "namespace", "kube-system"))),
                "steps[0].params.namespace", "is not a namespace this target allows (it allows shop)");
        Map<String, Object> noNamespace = with(validParams(StepKind.KUBERNETES_SCALE), "namespace", REMOVE);
        assertOnlyError(validate(step("scale", StepKind.KUBERNETES_SCALE, "two-namespaces", noNamespace, null)),
                "steps[0].params.namespace", "is required: the target allows shop, payments");
        assertEquals(List.of(), validate(step("scale", StepKind.KUBERNETES_SCALE, "two-namespaces",
                with(noNamespace, "namespace", "payments"), null)));
    }

    @Test
    void anIntegerMayBeWrittenWithAZeroFraction() {
        assertEquals(List.of(), validate(step(StepKind.KUBERNETES_SCALE,
                with(validParams(StepKind.KUBERNETES_SCALE), "replicas", 3.0))));
    }

    @Test
    void errorsNameTheIndexOfTheFailingStep() {
        List<Problem.FieldError> errors = validate(
                step(StepKind.APPROVAL, null),
                step("scale down", StepKind.VERIFY_ROLLOUT_STATUS, validParams(StepKind.VERIFY_ROLLOUT_STATUS), null),
                step("scale up", StepKind.KUBERNETES_SCALE, with(validParams(StepKind.KUBERNETES_SCALE), "replicas", REMOVE), null));
        assertOnlyError(errors, "steps[2].params.replicas", "is required");
    }

    @Test
    void stepNamesAreRequiredAndUniqueIgnoringCase() {
        assertOnlyError(validate(step(" ", StepKind.APPROVAL, null, null)), "steps[0].name", "is required");
        assertOnlyError(validate(step("x".repeat(101), StepKind.APPROVAL, null, null)), "steps[0].name", "at most 100");
        assertOnlyError(validate(
                step("Undo checkout", StepKind.APPROVAL, null, null),
                step("verify", StepKind.APPROVAL, null, null),
                step("undo checkout ", StepKind.APPROVAL, null, null)),
                "steps[2].name", "repeats the name of steps[0]");
    }

    @Test
    void aStepNeedsAKindAndIsNotNull() {
        assertOnlyError(validate(step("undo", null, Map.of(), null)), "steps[0].kind", "is required");
        List<Step> withNull = new ArrayList<>();
        withNull.add(null);
        assertOnlyError(StepValidator.validate(withNull, TARGETS::get), "steps[0]", "is required");
    }

    @Test
    void aTimeoutIsPositiveAndAtMostADay() {
        assertOnlyError(validate(step("a", StepKind.APPROVAL, null, Duration.ZERO)), "steps[0].timeout", "must be positive");
        assertOnlyError(validate(step("a", StepKind.APPROVAL, null, Duration.ofHours(25))), "steps[0].timeout", "at most PT24H");
        assertOnlyError(validate(step("w", StepKind.WAIT, Map.of("duration", "PT10M"), Duration.ofMinutes(5))),
                "steps[0].timeout", "longer than params.duration (PT10M)");
        assertEquals(List.of(), validate(step("a", StepKind.APPROVAL, null, Duration.ofHours(24))));
    }

    @Test
    void storedStepsCarryTheirKindsTimeoutUnlessTheyHaveOne() {
        Step undo = step(StepKind.KUBERNETES_UNDO, validParams(StepKind.KUBERNETES_UNDO)).withDefaults();
        assertEquals(Duration.ofMinutes(5), undo.timeout());
        assertEquals(false, undo.continueOnFailure());
        assertEquals(Duration.ofHours(2), step(StepKind.POSTGRES_RESTORE, Map.of()).withDefaults().timeout());
        assertEquals(Duration.ofSeconds(90), step(StepKind.WAIT, Map.of("duration", "PT30S")).withDefaults().timeout(),
                "a wait's timeout leaves a minute beyond the wait");
        assertEquals(Duration.ofMinutes(7), new Step("undo", StepKind.KUBERNETES_UNDO, "shop-cluster",
                validParams(StepKind.KUBERNETES_UNDO), Duration.ofMinutes(7), true).withDefaults().timeout());
    }
}
