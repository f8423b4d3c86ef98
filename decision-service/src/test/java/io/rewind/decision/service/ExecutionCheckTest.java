package io.rewind.decision.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.rewind.decision.client.ExecutorViews;

/** Which executions count as an incident's rollback, without booting Quarkus. */
class ExecutionCheckTest {

    private static final ExecutionCheck.Expected ASKED = new ExecutionCheck.Expected("inc-1", "checkout", "plan-1", null);

    private static ExecutorViews.ExecutionView execution(String id, String plan, String target, String incident,
            Boolean dryRun, Boolean breakGlass) {
        return new ExecutorViews.ExecutionView(id, plan, target, incident, dryRun, breakGlass, "SUCCEEDED", null, null,
                null, List.of());
    }

    @Test
    void theRollbackAskedForHasNoDifference() {
        assertEquals(List.of(), ExecutionCheck.differences(ASKED, execution("e-1", "plan-1", "checkout", "inc-1", false, false)));
    }

    @Test
    void aDryRunOfTheSamePlanForTheSameIncidentIsNotTheRollback() {
        assertEquals(List.of("a dry run"),
                ExecutionCheck.differences(ASKED, execution("e-1", "plan-1", "checkout", "inc-1", true, false)));
    }

    @Test
    void everyDifferenceIsNamed() {
        List<String> differences = ExecutionCheck.differences(new ExecutionCheck.Expected("inc-1", "checkout", "plan-1", "e-1"),
                execution("e-2", "plan-2", "billing", "inc-2", null, true));
        assertEquals(List.of("execution id e-2, not e-1 recorded for this incident", "not said to be a real run (no dryRun)",
                "inline steps (break glass), not a stored plan", "plan plan-2, not the requested plan-1",
                "target billing, not the incident's service checkout", "incident inc-2, not inc-1"), differences);
        String reason = ExecutionCheck.reason(execution("e-2", null, null, null, null, null), differences);
        assertTrue(reason.startsWith("executor-service answered with execution e-2, which is not the rollback"), reason);
        assertTrue(reason.endsWith("Held for a human: nothing is resolved from it."), reason);
    }

    @Test
    void missingFieldsAreDifferencesNotMatches() {
        List<String> differences = ExecutionCheck.differences(ASKED, execution("e-1", null, null, null, false, null));
        assertEquals(List.of("plan none, not the requested plan-1", "target none, not the incident's service checkout",
                "incident none, not inc-1"), differences);
        assertEquals(List.of("no execution at all"), ExecutionCheck.differences(ASKED, null));
    }

    @Test
    void anIncidentDispatchedBeforePlansWereRecordedIsCheckedOnEverythingElse() {
        ExecutionCheck.Expected old = new ExecutionCheck.Expected("inc-1", "checkout", null, "e-1");
        assertEquals(List.of(), ExecutionCheck.differences(old, execution("e-1", "plan-9", "checkout", "inc-1", false, false)));
        assertEquals(List.of("a dry run"),
                ExecutionCheck.differences(old, execution("e-1", "plan-9", "checkout", "inc-1", true, false)));
    }
}
