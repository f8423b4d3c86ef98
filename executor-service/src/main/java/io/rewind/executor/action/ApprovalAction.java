package io.rewind.executor.action;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.ApprovalParams;
import io.rewind.executor.repository.StepDecisions;

/**
 * {@code approval}: the execution stops here until a person continues it
 * ({@code POST /api/executions/{id}/steps/{position}/approve}) or stops it ({@code .../reject}, which fails the
 * execution). The decision is stored on the step, so it survives a restart; the endpoint also makes the step due at
 * once, and otherwise the worker looks again every {@code rewind.executor.approval.recheck-interval}. The step's own
 * timeout (an hour by default) fails it when nobody decides. Who decided, when and why end up in the after-state and
 * the output. Nothing to compensate: an approval changes nothing outside the executor.
 */
@ApplicationScoped
public class ApprovalAction implements StepAction {

    /** How a waiting approval step's output starts; the execution's view and event stream recognise it. */
    public static final String WAITING = "waiting for approval";
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final StepDecisions decisions;
    private final ExecutorConfig config;

    public ApprovalAction(StepDecisions decisions, ExecutorConfig config) {
        this.decisions = decisions;
        this.config = config;
    }

    @Override
    public StepKind kind() {
        return StepKind.APPROVAL;
    }

    private static String message(StepContext context) {
        return context.params(ApprovalParams.class).message();
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("requestedAt", context.startedAt().toString());
        String message = message(context);
        if (message != null) {
            before.put("message", message);
        }
        return before;
    }

    @Override
    public Preview dryRun(StepContext context) {
        String message = message(context);
        return new Preview(Map.of(), Map.of(), "would wait for approval" + (message == null ? "" : ": " + message));
    }

    @Override
    public Outcome apply(StepContext context) {
        StepContext.ExecutionInfo execution = context.execution();
        if (execution == null) {
            throw new StepFailure("an approval step runs only as part of an execution");
        }
        StepDecisions.Decision decision = decisions.of(execution.id(), execution.position()).await().atMost(DATABASE_WAIT);
        if (decision == null) {
            String message = message(context);
            return new Outcome.Waiting(WAITING + " (POST /api/executions/" + execution.id() + "/steps/"
                    + execution.position() + "/approve or /reject)" + (message == null ? "" : ": " + message),
                    config.approval().recheckInterval());
        }
        String said = decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment();
        if (!decision.approved()) {
            return new Outcome.Failed("rejected by " + decision.by() + " at " + decision.at() + said);
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("approvedBy", decision.by());
        after.put("approvedAt", decision.at().toString());
        after.put("comment", decision.comment());
        return new Outcome.Done(after, "approved by " + decision.by() + " at " + decision.at() + said);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        return Check.ok("approved by " + done.after().get("approvedBy"));
    }
}
