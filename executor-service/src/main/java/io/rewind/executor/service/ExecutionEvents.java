package io.rewind.executor.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.StepKind;
import io.rewind.executor.StepStatus;
import io.rewind.executor.action.ApprovalAction;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.repository.ProgressRepository;
import io.rewind.executor.repository.ProgressRepository.Progress;
import io.rewind.executor.repository.ProgressRepository.StepProgress;

/**
 * The progress of one execution as a stream of events, for engineers watching it live. The stream reads what the
 * workers recorded (any replica's) every {@code rewind.executor.events.poll-interval}: first every step as it is, then
 * each step whenever its status, attempts, output or error change, and last an {@code execution} event with the final
 * status, after which it ends. A cancelled execution whose step is still running (it holds its target) ends its
 * streams only when that step has ended too, so the last event's reason says how it ended.
 *
 * <p>Streams are bounded on each replica: at most {@code events.max-streams-per-execution} of one execution and
 * {@code events.max-streams} in all are open at once; one more is refused with 429 and {@code Retry-After} before
 * anything is streamed. A stream counts until it ends or its client goes away.
 */
@ApplicationScoped
public class ExecutionEvents {

    /** When a refused watcher may try again: streams end with their executions, which take minutes. */
    static final Duration STREAM_RETRY_AFTER = Duration.ofSeconds(15);

    private final ProgressRepository progress;
    private final ExecutorConfig config;
    private final Map<UUID, Integer> openByExecution = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    public ExecutionEvents(ProgressRepository progress, ExecutorConfig config) {
        this.progress = progress;
        this.config = config;
    }

    /**
     * One event: {@code type} is {@code step} (one step changed), {@code approval} (an approval step started waiting for
     * a decision; sent right after that step's {@code step} event) or {@code execution} (it ended).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String type, UUID executionId, Integer position, String name, String kind, StepStatus status,
            Integer attempts, OffsetDateTime startedAt, OffsetDateTime endedAt, String output, String error,
            ExecutionStatus executionStatus, String reason) {

        static Event of(UUID id, StepProgress step) {
            return new Event("step", id, step.position(), step.name(), step.kind(), step.status(), step.attempts(),
                    step.startedAt(), step.endedAt(), step.output(), step.error(), null, null);
        }

        /** An approval step has started waiting for someone to approve or reject it. */
        static Event approval(UUID id, StepProgress step) {
            return new Event("approval", id, step.position(), step.name(), step.kind(), step.status(), step.attempts(),
                    step.startedAt(), step.endedAt(), step.output(), step.error(), null, null);
        }

        static Event ended(UUID id, Progress progress) {
            return new Event("execution", id, null, null, null, null, null, null, null, null, null, progress.status(),
                    progress.reason());
        }
    }

    /** What has been sent so far, to send only changes. */
    private static final class Seen {
        final Map<Integer, StepProgress> steps = new HashMap<>();
        boolean ended;
    }

    /**
     * 404 (before anything is streamed) when the execution does not exist, or when {@code onlyCreatedBy} is given (a
     * service's key) and someone else started it.
     */
    public Uni<Void> requireExists(UUID id, String onlyCreatedBy) {
        return progress.createdBy(id).flatMap(createdBy -> createdBy == null
                || onlyCreatedBy != null && !onlyCreatedBy.equals(createdBy)
                        ? Uni.createFrom().failure(ProblemException.notFound("Execution", id))
                        : Uni.createFrom().voidItem());
    }

    /**
     * The execution's events, until it has ended. Throws {@link TooManyRequests} (before anything is streamed) when
     * this replica already has as many streams open as it allows, of this execution or in all.
     */
    public Multi<Event> stream(UUID id) {
        acquire(id);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
                openByExecution.computeIfPresent(id, (key, count) -> count <= 1 ? null : count - 1);
            }
        };
        try {
            return Multi.createBy().repeating()
                    .uni(Seen::new, seen -> progress.read(id).map(now -> changes(id, seen, now)))
                    .withDelay(config.events().pollInterval())
                    .whilst(batch -> batch.stream().noneMatch(e -> e.type().equals("execution")))
                    .onItem().<Event> disjoint()
                    // Completed, failed, or cancelled because the client went away: the slot is free again.
                    .onTermination().invoke(release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** How many event streams are open on this replica, of all executions. */
    public int openStreams() {
        return open.get();
    }

    private void acquire(UUID id) {
        int most = config.events().maxStreams();
        if (open.incrementAndGet() > most) {
            open.decrementAndGet();
            throw new TooManyRequests("This replica already streams " + most + " executions' events, the most it "
                    + "serves at once (rewind.executor.events.max-streams); try again later, or read GET "
                    + "/api/executions/{id} instead.", STREAM_RETRY_AFTER);
        }
        int perExecution = config.events().maxStreamsPerExecution();
        int[] refused = { 0 };
        openByExecution.compute(id, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perExecution) {
                refused[0] = now;
                return count;
            }
            return now + 1;
        });
        if (refused[0] > 0) {
            open.decrementAndGet();
            throw new TooManyRequests("Execution " + id + " already has " + refused[0] + " event streams open on this "
                    + "replica, the most one execution may have (rewind.executor.events.max-streams-per-execution); "
                    + "close one, or try again later.", STREAM_RETRY_AFTER);
        }
    }

    private static boolean awaitsApproval(StepProgress step) {
        return StepKind.APPROVAL.id().equals(step.kind()) && step.status() == StepStatus.RUNNING && step.output() != null
                && step.output().startsWith(ApprovalAction.WAITING);
    }

    private static List<Event> changes(UUID id, Seen seen, Progress now) {
        List<Event> events = new ArrayList<>();
        if (now == null || seen.ended) {
            return events;
        }
        for (StepProgress step : now.steps()) {
            StepProgress before = seen.steps.put(step.position(), step);
            if (before == null || before.status() != step.status() || before.attempts() != step.attempts()
                    || !Objects.equals(before.output(), step.output()) || !Objects.equals(before.error(), step.error())) {
                events.add(Event.of(id, step));
                if (awaitsApproval(step) && (before == null || !awaitsApproval(before))) {
                    events.add(Event.approval(id, step));
                }
            }
        }
        if (!now.status().isActive() && !now.targetHeld()) {
            seen.ended = true;
            events.add(Event.ended(id, now));
        }
        return events;
    }
}
