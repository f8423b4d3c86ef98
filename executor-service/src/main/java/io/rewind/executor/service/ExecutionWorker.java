package io.rewind.executor.service;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;

import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.StepStatus;
import io.rewind.executor.action.Outcome;
import io.rewind.executor.action.StepAction;
import io.rewind.executor.action.StepActions;
import io.rewind.executor.action.StepContext;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.repository.StepQueue;
import io.rewind.executor.repository.StepQueue.ClaimedStep;
import io.rewind.executor.repository.StepQueue.Completion;

/**
 * Runs executions, one step attempt at a time, from what is stored in PostgreSQL. Any number of replicas may run it:
 * a step is claimed with a row lock and a lease ({@link StepQueue}), RUNNING and the before-state are stored before the
 * step acts, and a step whose worker died is taken over when its lease runs out and checks its own effect before acting.
 *
 * <p>Every {@code rewind.executor.worker.interval} it runs runnable steps until none is left (or
 * {@code max-steps-per-pass}). A step that must wait (a pause, a rollout, an HTTP retry) is released with a time to look
 * again, so no thread waits for it.
 *
 * <p>A cancelled execution's step that was being acted on at the moment of the cancel is let go when its attempt ends,
 * unless it has something in flight elsewhere ({@link StepAction#inFlight}: a restore), which is followed to its end;
 * either way the execution's target is released when it is over.
 *
 * <p>Logs {@code rollback_start} when a real execution's first step is claimed and {@code rollback_complete} when it
 * ends, as JSON lines on the {@code io.rewind.executor.events} category; records the timer
 * {@code rewind.executor.step.duration} (by kind and outcome) and the counters {@code rewind.executor.step.outcomes}
 * and {@code rewind.executor.executions} (by outcome).
 */
@ApplicationScoped
public class ExecutionWorker {

    private static final Logger LOG = Logger.getLogger(ExecutionWorker.class);
    private static final Logger EVENTS = Logger.getLogger("io.rewind.executor.events");
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final StepQueue queue;
    private final StepActions actions;
    private final ExecutorConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final StepTargets targets;
    // Unique per process, so a restarted service does not think it still holds its predecessor's claims.
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    public ExecutionWorker(StepQueue queue, StepActions actions, ExecutorConfig config, MeterRegistry meters,
            ObjectMapper json, StepTargets targets) {
        this.queue = queue;
        this.actions = actions;
        this.config = config;
        this.meters = meters;
        this.json = json;
        this.targets = targets;
    }

    @Scheduled(identity = "execution-worker", every = "${rewind.executor.worker.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void scheduled() {
        try {
            runPending();
        } catch (RuntimeException e) {
            // The next pass tries again; nothing was acted on without being recorded first.
            LOG.warnf("execution worker pass failed: %s", e.getMessage());
        }
    }

    /** Skips the scheduled pass on a replica configured not to run steps. */
    @Singleton
    public static class WorkerDisabled implements Scheduled.SkipPredicate {

        private final ExecutorConfig config;

        public WorkerDisabled(ExecutorConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.worker().enabled();
        }
    }

    /** Runs runnable steps until none is left or the pass limit is reached; returns how many attempts it made. */
    public int runPending() {
        int attempts = 0;
        while (attempts < config.worker().maxStepsPerPass() && runOne()) {
            attempts++;
        }
        return attempts;
    }

    /** Claims and runs one attempt of one step; false when no step was runnable. */
    public boolean runOne() {
        ClaimedStep step = queue.claim(workerId, config.worker().lease()).await().atMost(DATABASE_WAIT);
        if (step == null) {
            return false;
        }
        if (step.firstOfExecution() && !step.dryRun()) {
            event("rollback_start", step, null);
        }
        attempt(step);
        return true;
    }

    private void attempt(ClaimedStep step) {
        StepContext context = new StepContext(step.kind().parse(step.params()), null, step.before(), step.startedAt(),
                step.timeout(), step.attempt(), new StepContext.ExecutionInfo(step.executionId(), step.position(),
                        step.target(), step.releaseFrom(), step.releaseTo(), step.incidentId()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            if (step.cancelled() && (step.dryRun() || !actions.get(step.kind()).inFlight(step.before()))) {
                // Left RUNNING by a cancel while a worker was acting on it, and that worker let it go (or died): fenced
                // here, so the execution's target is free again. Nothing was started that must be followed.
                finish(step, StepStatus.CANCELLED, null, step.lastOutput(), "cancelled by " + step.cancelledBy()
                        + " while it was running; it was stopped before acting again");
                return;
            }
            context = targets.withTarget(context, step.stepTarget(), step.kind());
            StepAction action = actions.get(step.kind());
            if (step.dryRun()) {
                StepAction.Preview preview = action.dryRun(context);
                await(queue.saveBefore(step, workerId, preview.before()));
                finish(step, StepStatus.SUCCEEDED, preview.wouldBe(), preview.description(), null);
                return;
            }
            if (now.isAfter(context.deadline())) {
                finish(step, StepStatus.FAILED, null, step.lastOutput(), "timed out after " + step.timeout()
                        + (step.lastOutput() == null ? "" : "; last: " + step.lastOutput()));
                return;
            }
            if (context.before() == null) {
                Map<String, Object> before = StepTargets.bind(action.snapshot(context), context);
                if (!await(queue.saveBefore(step, workerId, before))) {
                    return;
                }
                context = context.withBefore(before);
            } else {
                StepTargets.requireSameBinding(context, "resuming it");
            }
            Outcome outcome = action.apply(context);
            if (outcome instanceof Outcome.Done done) {
                StepAction.Check check = action.verify(context, done);
                if (check.holds()) {
                    finish(step, StepStatus.SUCCEEDED, done.after(), done.output(), null);
                } else {
                    finish(step, StepStatus.FAILED, done.after(), done.output(), "verification failed: " + check.detail());
                }
            } else if (outcome instanceof Outcome.Waiting waiting) {
                later(step, waiting.output(), waiting.retryIn(), context);
            } else if (outcome instanceof Outcome.Failed failed) {
                finish(step, StepStatus.FAILED, null, step.lastOutput(), failed.reason());
            }
        } catch (StepFailure e) {
            finish(step, StepStatus.FAILED, null, step.lastOutput(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "step %s of execution %s (%s) failed, will retry until its timeout", step.name(),
                    step.executionId(), step.kind().id());
            later(step, "error, retrying: " + e.getMessage(), config.worker().retryDelay(), context);
        }
    }

    /** Releases the step until {@code retryIn}, or its deadline if sooner, where its timeout fails it. */
    private void later(ClaimedStep step, String output, Duration retryIn, StepContext context) {
        Duration toDeadline = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), context.deadline());
        Duration wait = retryIn.compareTo(toDeadline) > 0 ? toDeadline : retryIn;
        await(queue.later(step, workerId, output, wait, before -> actions.get(step.kind()).inFlight(before)));
    }

    private void finish(ClaimedStep step, StepStatus status, Map<String, Object> after, String output, String error) {
        Completion completion = queue.finish(step, workerId, status, after, output, error).await().atMost(DATABASE_WAIT);
        String outcome = status.name().toLowerCase(Locale.ROOT);
        Timer.builder("rewind.executor.step.duration").description("How long steps ran, from first claim to end")
                .tag("kind", step.kind().id()).tag("outcome", outcome).tag("dry_run", String.valueOf(step.dryRun()))
                .register(meters)
                .record(Duration.between(step.startedAt(), OffsetDateTime.now(ZoneOffset.UTC)));
        meters.counter("rewind.executor.step.outcomes", "kind", step.kind().id(), "outcome", outcome,
                "dry_run", String.valueOf(step.dryRun())).increment();
        if (completion != null) {
            meters.counter("rewind.executor.executions", "outcome", completion.status().name().toLowerCase(Locale.ROOT),
                    "dry_run", String.valueOf(step.dryRun())).increment();
            if (!step.dryRun()) {
                event("rollback_complete", step, completion);
            }
        }
    }

    private static boolean await(Uni<Boolean> write) {
        return Boolean.TRUE.equals(write.await().atMost(DATABASE_WAIT));
    }

    private void event(String name, ClaimedStep step, Completion completion) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", name);
        line.put("executionId", step.executionId());
        line.put("target", step.target());
        line.put("from", step.releaseFrom());
        line.put("to", step.releaseTo());
        line.put("incidentId", step.incidentId());
        line.put("breakGlass", step.breakGlass());
        if (completion != null) {
            line.put("success", completion.status() == ExecutionStatus.SUCCEEDED);
            line.put("status", completion.status());
            line.put("reason", completion.reason());
            line.put("durationMs", Duration.between(step.executionStartedAt(), OffsetDateTime.now(ZoneOffset.UTC)).toMillis());
        }
        try {
            EVENTS.info(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warnf("could not write the %s event of execution %s", name, step.executionId());
        }
    }
}
