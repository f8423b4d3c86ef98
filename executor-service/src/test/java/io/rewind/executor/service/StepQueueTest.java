package io.rewind.executor.service;

import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.testing.PostgresResource;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.repository.StepQueue;
import io.rewind.executor.repository.StepQueue.ClaimedStep;

/** Claims as several replicas would make them, on the real database. */
@QuarkusTest
class StepQueueTest {

    @Inject
    StepQueue queue;

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static String startWait(String duration) {
        return start(inline(TestPlans.newName("svc"), List.of(TestPlans.step("pause", StepKind.WAIT.id(),
                Map.of("duration", duration))))).statusCode(202).extract().path("id");
    }

    @Test
    void workersClaimingAtTheSameMomentNeverGetTheSameStep() throws Exception {
        TestExecutions.cancelAllActive();
        Set<UUID> executions = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            executions.add(UUID.fromString(startWait("PT1H")));
        }
        int workers = 12;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<ClaimedStep>> claims = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                String id = "replica-" + i;
                claims.add(pool.submit(() -> {
                    go.await();
                    return queue.claim(id, Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(60));
                }));
            }
            go.countDown();
            List<UUID> claimed = new ArrayList<>();
            for (Future<ClaimedStep> claim : claims) {
                ClaimedStep step = claim.get(120, TimeUnit.SECONDS);
                if (step != null) {
                    claimed.add(step.id());
                    assertTrue(executions.contains(step.executionId()));
                }
            }
            assertEquals(3, claimed.size(), "each runnable step is claimed once: " + claimed);
            assertEquals(3, new HashSet<>(claimed).size(), "no step is claimed twice");
        } finally {
            pool.shutdownNow();
        }
        assertNull(queue.claim("late", Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(60)),
                "a step held under a lease is not claimed again");
    }

    @Test
    void aStepWhoseWorkerDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        TestExecutions.cancelAllActive();
        String id = startWait("PT0.05S");
        ClaimedStep dead = queue.claim("dead-replica", Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(60));
        assertEquals(UUID.fromString(id), dead.executionId());
        assertEquals(0, worker.runPending(), "nobody takes a step under a live lease");
        TestExecutions.get(id).body("status", equalTo("RUNNING")).body("steps[0].status", equalTo("RUNNING"));

        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET lease_until = now() - interval '1 second' WHERE id = ?")) {
            s.setObject(1, dead.id());
            s.executeUpdate();
        }
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                // Taken over: a second attempt at least (a wait may be looked at once more before its time is up).
                .body("steps[0].attempts", greaterThanOrEqualTo(2))
                .body("steps[0].output", containsString("waited"));
        // The dead worker's late write changes nothing: it no longer holds the step.
        assertNull(queue.finish(dead, "dead-replica", io.rewind.executor.StepStatus.FAILED, null, null, "late")
                .await().atMost(Duration.ofSeconds(60)));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED")).body("steps[0].status", equalTo("SUCCEEDED"));
    }
}
