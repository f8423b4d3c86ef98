package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.PrometheusResource;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code verify.metric} against a real Prometheus scraping known gauges: the good service's error ratio is 0.002, the
 * bad one's 0.2 with a baseline of 0.19. A step waits for data to appear (the first scrape), so none of this depends on
 * when Prometheus scrapes. Prometheus is a {@code prometheus} target; where a bearer token goes is checked against
 * local listeners that record the headers they get.
 */
@QuarkusTest
@WithTestResource(PrometheusResource.class)
class MetricStepTest {

    private static final String GOOD = "checkout_error_ratio{service=\"good\"}";
    private static final String BAD = "checkout_error_ratio{service=\"bad\"}";

    /** A one-series vector answer, as Prometheus gives for {@code sum(...)}. */
    private static final String ONE_SERIES = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            + "\"result\":[{\"metric\":{},\"value\":[1700000000.123,\"0.002\"]}]}}";
    private static final String TOKEN = "prometheus-token-5d1c";

    @Inject
    ExecutionWorker worker;

    @TempDir
    Path secrets;

    private String prometheus;

    @BeforeEach
    void definePrometheusTarget() {
        prometheus = TestTargets.prometheus(
                ConfigProvider.getConfig().getValue(PrometheusResource.URL_PROPERTY, String.class));
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private Map<String, Object> metric(String timeout, Object... params) {
        return metricOn(prometheus, timeout, params);
    }

    /** A {@code verify.metric} step named "error ratio" on {@code target}, with {@code params} as key, value, ... */
    static Map<String, Object> metricOn(String target, String timeout, Object... params) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        Map<String, Object> step = TestPlans.step("error ratio", StepKind.VERIFY_METRIC.id(), target, map);
        if (timeout != null) {
            step.put("timeout", timeout);
        }
        return step;
    }

    private ValidatableResponse run(Map<String, Object> step) throws Exception {
        return run(worker, step);
    }

    /** Runs {@code step} inline, as an admin's break glass, to its end. */
    static ValidatableResponse run(ExecutionWorker worker, Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(step))).statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    @Test
    void aValueWithinTheThresholdPasses() throws Exception {
        run(metric(null, "query", GOOD, "threshold", 0.01, "operator", "lt"))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.value", equalTo(0.002f))
                .body("steps[0].output", equalTo("measured 0.002 for " + GOOD));
    }

    @Test
    void aValueOutsideTheThresholdFailsTheExecutionWithTheMeasuredValue() throws Exception {
        run(metric(null, "query", BAD, "threshold", 0.01, "operator", "lt"))
                .body("status", equalTo("FAILED"))
                .body("reason", equalTo("step 'error ratio' (verify.metric) failed: verification failed: "
                        + "value 0.2 is not below the threshold 0.01"))
                .body("steps[0].status", equalTo("FAILED"))
                .body("steps[0].after.value", equalTo(0.2f));
    }

    @Test
    void theOtherOperatorsCompareAsNamed() throws Exception {
        run(metric(null, "query", BAD, "threshold", 0.2, "operator", "ge")).body("status", equalTo("SUCCEEDED"));
        run(metric(null, "query", BAD, "threshold", 0.2, "operator", "gt")).body("status", equalTo("FAILED"))
                .body("reason", containsString("value 0.2 is not above the threshold 0.2"));
    }

    @Test
    void aBaselineAllowsTheGivenIncreaseAndNoMore() throws Exception {
        String baseline = "checkout_error_ratio_baseline{service=\"bad\"}";
        run(metric(null, "query", BAD, "baselineQuery", baseline, "maxIncreasePercent", 10))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.baseline", equalTo(0.19f));
        run(metric(null, "query", BAD, "baselineQuery", baseline, "maxIncreasePercent", 2))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("value 0.2 exceeds the baseline 0.19 + 2%"));
    }

    @Test
    void aQueryWithSeveralSeriesWaitsThenFailsSayingWhy() throws Exception {
        run(metric("PT2S", "query", "checkout_error_ratio", "threshold", 0.01, "operator", "lt"))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("timed out after PT2S"))
                .body("reason", containsString("the query returned 2 series; aggregate it to one"));
    }

    @Test
    void aQueryWithNoSeriesWaitsThenFailsSayingWhy() throws Exception {
        run(metric("PT2S", "query", "checkout_error_ratio{service=\"nobody\"}", "threshold", 0.01, "operator", "lt"))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("the query returned no series"));
    }

    @Test
    void aDryRunSaysWhatItWouldCheckAndWhatItFindsNow() throws Exception {
        String id = start(dryRun(inline(TestPlans.newName("svc"),
                List.of(metric(null, "query", BAD, "threshold", 0.01, "operator", "lt"))))).statusCode(202)
                .extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("would check that " + BAD + " is below 0.01"));
    }

    /** A prometheus target at {@code server} whose bearer token is read from {@code tokenFile}. */
    private static String withToken(LocalHttpServer server, Path tokenFile) {
        return TestTargets.define(TargetKind.PROMETHEUS, Map.of("url", server.url(""),
                "bearerToken", Map.of("file", tokenFile.toString())));
    }

    @Test
    void aBearerTokenGoesToItsOwnTargetsUrlAndNowhereElse() throws Exception {
        Path tokenFile = secrets.resolve("prometheus-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (LocalHttpServer guarded = new LocalHttpServer(Answer.json(ONE_SERIES));
                LocalHttpServer open = new LocalHttpServer(Answer.json(ONE_SERIES))) {
            String withToken = withToken(guarded, tokenFile);
            String without = TestTargets.prometheus(open.url(""));

            run(metricOn(withToken, null, "query", "sum(errors)", "threshold", 0.01, "operator", "lt"))
                    .body("status", equalTo("SUCCEEDED"))
                    .body(not(containsString(TOKEN)));
            run(metricOn(without, null, "query", "sum(errors)", "threshold", 0.01, "operator", "lt"))
                    .body("status", equalTo("SUCCEEDED"));

            assertEquals(1, guarded.requests());
            assertEquals("Bearer " + TOKEN, guarded.received().get(0).header("Authorization"));
            assertEquals("/api/v1/query?query=sum(errors)", java.net.URLDecoder.decode(
                    guarded.received().get(0).pathAndQuery(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(1, open.requests());
            assertNull(open.received().get(0).header("Authorization"), "a target without a token sends none");
        }
    }

    @Test
    void aPrometheusThatRedirectsIsNotFollowedSoItsTokenGoesNowhereElse() throws Exception {
        Path tokenFile = secrets.resolve("prometheus-token");
        Files.writeString(tokenFile, TOKEN);
        try (LocalHttpServer elsewhere = new LocalHttpServer(Answer.json(ONE_SERIES));
                LocalHttpServer redirecting = new LocalHttpServer(
                        Answer.redirect(302, elsewhere.url("/api/v1/query?query=sum%28errors%29")))) {
            String target = withToken(redirecting, tokenFile);

            run(metricOn(target, "PT1S", "query", "sum(errors)", "threshold", 0.01, "operator", "lt"))
                    .body("status", equalTo("FAILED"))
                    .body("reason", containsString("Prometheus answered HTTP 302 (a redirect, which is not followed"))
                    .body(not(containsString(TOKEN)));

            assertTrue(redirecting.requests() > 0);
            assertEquals(0, elsewhere.requests(), "the redirect was not followed: " + elsewhere.received());
        }
    }

    @Test
    void aTokenThatCannotBeReadFailsTheStepNamingItsReferenceAndSendsNothing() throws Exception {
        Path missing = secrets.resolve("not-mounted");
        try (LocalHttpServer guarded = new LocalHttpServer(Answer.json(ONE_SERIES))) {
            String target = withToken(guarded, missing);

            run(metricOn(target, null, "query", "sum(errors)", "threshold", 0.01, "operator", "lt"))
                    .body("status", equalTo("FAILED"))
                    .body("steps[0].error", containsString("the bearer token of prometheus target '" + target
                            + "' is read from file " + missing + ", which is not set, unreadable or empty"));

            assertEquals(0, guarded.requests());
        }
    }

    @Test
    void aStepCannotNameAServerOrAToken() throws Exception {
        try (LocalHttpServer elsewhere = new LocalHttpServer(Answer.json(ONE_SERIES))) {
            String service = TestPlans.newName("svc");
            start(inline(service, List.of(metric(null, "query", GOOD, "threshold", 0.01, "operator", "lt",
                    "url", elsewhere.url(""), "bearerToken", "x")))).statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("steps[0].params.bearerToken",
                            "steps[0].params.url"));
            assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
            assertEquals(0, elsewhere.requests());
        }
    }
}
