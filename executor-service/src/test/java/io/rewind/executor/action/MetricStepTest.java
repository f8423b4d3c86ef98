package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.executor.PrometheusResource;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code verify.metric} against a real Prometheus scraping known gauges: the good service's error ratio is 0.002, the
 * bad one's 0.2 with a baseline of 0.19. A step waits for data to appear (the first scrape), so none of this depends on
 * when Prometheus scrapes.
 */
@QuarkusTest
@WithTestResource(PrometheusResource.class)
class MetricStepTest {

    private static final String GOOD = "checkout_error_ratio{service=\"good\"}";
    private static final String BAD = "checkout_error_ratio{service=\"bad\"}";

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> metric(String timeout, Object... params) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        Map<String, Object> step = TestPlans.step("error ratio", StepKind.VERIFY_METRIC.id(), map);
        if (timeout != null) {
            step.put("timeout", timeout);
        }
        return step;
    }

    private ValidatableResponse run(Map<String, Object> step) throws Exception {
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
                List.of(metric(null, "query", BAD, "threshold", 0.01, "operator", "lt"))))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("would check that " + BAD + " is below 0.01"));
    }
}
