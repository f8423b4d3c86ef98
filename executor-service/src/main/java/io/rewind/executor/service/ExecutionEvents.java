package io.rewind.executor.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

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
 * status, after which it ends.
 */
@ApplicationScoped
public class ExecutionEvents {

    private final ProgressRepository progress;
    private final ExecutorConfig config;

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

    /** 404 (before anything is streamed) when the execution does not exist. */
    public Uni<Void> requireExists(UUID id) {
        return progress.read(id).flatMap(found -> found == null
                ? Uni.createFrom().failure(ProblemException.notFound("Execution", id))
                : Uni.createFrom().voidItem());
    }

    public Multi<Event> stream(UUID id) {
        return Multi.createBy().repeating()
                .uni(Seen::new, seen -> progress.read(id).map(now -> changes(id, seen, now)))
                .withDelay(config.events().pollInterval())
                .whilst(batch -> batch.stream().noneMatch(e -> e.type().equals("execution")))
                .onItem().disjoint();
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
        if (!now.status().isActive()) {
            seen.ended = true;
            events.add(Event.ended(id, now));
        }
        return events;
    }
}
