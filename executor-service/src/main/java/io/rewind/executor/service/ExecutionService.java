package io.rewind.executor.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;
import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.ExecutionStep;
import io.rewind.executor.Step;
import io.rewind.executor.StepStatus;
import io.rewind.executor.action.StepActions;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.repository.ExecutionRepository;
import io.rewind.executor.repository.ExecutionStepRepository;
import io.rewind.executor.repository.PlanRepository;
import io.rewind.executor.rest.ExecutionRequest;

/**
 * Starting, reading and cancelling executions. Starting only writes: the execution and all its steps are stored
 * PENDING in one transaction, and {@link ExecutionWorker} runs them.
 */
@ApplicationScoped
public class ExecutionService {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    /** When a caller whose dry runs or inline runs are at their limit may try again: most end within seconds. */
    static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(5);

    private final ExecutionRepository executions;
    private final ExecutionStepRepository steps;
    private final PlanRepository plans;
    private final StepActions actions;
    private final TargetService targets;
    private final ExecutorConfig config;

    public ExecutionService(ExecutionRepository executions, ExecutionStepRepository steps, PlanRepository plans,
            StepActions actions, TargetService targets, ExecutorConfig config) {
        this.config = config;
        this.executions = executions;
        this.steps = steps;
        this.plans = plans;
        this.actions = actions;
        this.targets = targets;
    }

    /** A started execution, and whether this request created it (false: a repeat of an earlier request). */
    public record Started(Execution execution, boolean created) {
    }

    /** An execution with its steps, in order. */
    public record Detail(Execution execution, List<ExecutionStep> steps) {
    }

    /**
     * Stores a new execution, or returns the one stored earlier under the same {@code idempotencyKey} (whatever the
     * body of the repeat says: the key names the request). Both the key and "one real execution per target" are unique
     * constraints, so requests racing each other, on one replica or several, cannot create two: the loser's insert
     * fails, and it answers with the winner's execution (same key) or 409 naming it ({@code runningExecutionId}).
     *
     * <p>Sessions are opened here rather than with {@code @WithTransaction}: a failed insert ends its session, and the
     * recovery needs a fresh one.
     *
     * <p>Operators run stored plans, which admins wrote and reviewed. Inline steps are an admin's break glass
     * ({@code mayRunInline}), and the execution says so.
     */
    public Uni<Started> start(ExecutionRequest request, String idempotencyKey, String author, boolean mayRunInline) {
        if (request.steps() != null && !mayRunInline) {
            return Uni.createFrom().failure(ProblemException.forbidden("Inline steps are an admin's break glass: run a "
                    + "stored plan by planId, or ask an admin to store these steps as a plan (POST /api/plans)."));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            return Uni.createFrom().failure(ProblemException.invalid("Idempotency-Key",
                    "must be from 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters"));
        }
        Uni<Execution> earlier = idempotencyKey == null ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> executions.findByIdempotencyKey(author, idempotencyKey));
        return earlier.flatMap(found -> found != null
                ? repeatOf(found, request, idempotencyKey)
                : Panache.withTransaction(() -> create(request, idempotencyKey, author)).map(e -> new Started(e, true))
                        .onFailure(e -> e instanceof TargetBusy || Constraints.isUniqueViolation(e))
                        .recoverWithUni(() -> afterRace(request, idempotencyKey, author)));
    }

    /**
     * The earlier execution of a repeated request; 422 when the repeat asks for something else under the same key (the
     * IETF Idempotency-Key draft's answer), so a key can never stand for two different requests.
     */
    private static Uni<Started> repeatOf(Execution earlier, ExecutionRequest request, String idempotencyKey) {
        List<String> differs = new ArrayList<>();
        if (!Objects.equals(earlier.planId, request.planId())) {
            differs.add("planId");
        }
        if (earlier.dryRun != request.isDryRun()) {
            differs.add("dryRun");
        }
        if (request.target() != null && !request.target().equals(earlier.target)) {
            differs.add("target");
        }
        if (earlier.breakGlass != (request.steps() != null)) {
            differs.add("steps");
        }
        if (differs.isEmpty()) {
            return Uni.createFrom().item(new Started(earlier, false));
        }
        return Uni.createFrom().failure(new ProblemException(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, 422,
                "Idempotency-Key '" + idempotencyKey + "' already started execution " + earlier.id + " with another "
                        + String.join(", ", differs) + "; send a new key for a new request.")
                .with("executionId", earlier.id)));
    }

    private Uni<Started> afterRace(ExecutionRequest request, String idempotencyKey, String author) {
        return Panache.withSession(() -> (idempotencyKey == null ? Uni.createFrom().<Execution> nullItem()
                : executions.findByIdempotencyKey(author, idempotencyKey))
                .flatMap(same -> {
                    if (same != null) {
                        return repeatOf(same, request, idempotencyKey);
                    }
                    return resolveTarget(request).flatMap(executions::findActive)
                            .flatMap(running -> Uni.createFrom().failure(running(running)));
                }));
    }

    private Uni<String> resolveTarget(ExecutionRequest request) {
        if (request.target() != null || request.planId() == null) {
            return Uni.createFrom().item(request.target());
        }
        return plans.findById(request.planId()).map(plan -> plan == null ? null : plan.service);
    }

    private static ProblemException running(Execution running) {
        if (running == null) {
            // It ended between our insert and this read: the client may simply try again.
            return ProblemException.conflict("Another execution of this target was running a moment ago; try again.");
        }
        String detail = running.status.isActive()
                ? "Target '" + running.target + "' already has a running execution (" + running.id
                        + "); cancel it or wait for it to end."
                : "Target '" + running.target + "' is still held by execution " + running.id + ", " + running.reason
                        + ": a step of it was still acting when it was cancelled and has not ended yet (a restore it"
                        + " started is followed to its end); try again once it has.";
        return new ProblemException(Problem.of(ProblemType.CONFLICT, 409, detail).with("runningExecutionId", running.id));
    }

    private Uni<Execution> create(ExecutionRequest request, String idempotencyKey, String author) {
        return stepsOf(request).flatMap(resolved -> withinQueueLimit(request, author).replaceWith(resolved)).flatMap(resolved -> {
            String target = request.target() != null ? request.target() : resolved.service();
            if (target == null) {
                return Uni.createFrom().failure(ProblemException.invalid("target", "is required with inline steps"));
            }
            List<Unsupported> unsupported = new ArrayList<>();
            for (int i = 0; i < resolved.steps().size(); i++) {
                Step step = resolved.steps().get(i);
                if (!actions.supports(step.kind())) {
                    unsupported.add(new Unsupported(i, step));
                }
            }
            if (!unsupported.isEmpty()) {
                return Uni.createFrom().failure(unsupported(request, unsupported));
            }
            return executions.findActive(target).flatMap(running -> {
                if (running != null && !request.isDryRun()) {
                    // Possibly the same request, stored a moment ago under the same key: afterRace tells.
                    return Uni.createFrom().failure(new TargetBusy());
                }
                return insert(request, idempotencyKey, author, target, resolved);
            });
        });
    }

    private Uni<Execution> insert(ExecutionRequest request, String idempotencyKey, String author, String target,
            Resolved resolved) {
        Execution execution = new Execution();
        execution.id = UUID.randomUUID();
        execution.target = target;
        execution.planId = request.planId();
        execution.incidentId = request.incidentId();
        execution.releaseFrom = request.release() == null ? null : request.release().from();
        execution.releaseTo = request.release() == null ? null : request.release().to();
        execution.idempotencyKey = idempotencyKey;
        execution.dryRun = request.isDryRun();
        execution.breakGlass = request.steps() != null;
        execution.status = ExecutionStatus.PENDING;
        execution.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        execution.createdBy = author;
        List<ExecutionStep> rows = new ArrayList<>();
        for (int i = 0; i < resolved.steps().size(); i++) {
            Step step = resolved.steps().get(i).withDefaults();
            ExecutionStep row = new ExecutionStep();
            row.id = UUID.randomUUID();
            row.executionId = execution.id;
            row.position = i;
            row.name = step.name();
            row.kind = step.kind();
            row.target = step.target();
            row.params = step.params();
            row.timeoutMs = step.timeout().toMillis();
            row.continueOnFailure = step.continueOnFailure();
            row.status = StepStatus.PENDING;
            rows.add(row);
        }
        return executions.persist(execution)
                .flatMap(saved -> steps.persist(rows))
                .flatMap(saved -> executions.flush())
                .replaceWith(execution);
    }

    /**
     * Refuses a dry run, or a real inline (break-glass) execution, beyond what one caller may have pending or running
     * ({@code rewind.executor.queue}): neither is bounded by "one execution per target" (dry runs are not counted
     * there, and an inline run names any target), so without this one key could queue executions without end. A lock
     * per caller, held to the end of the transaction, makes the count and the insert one step, so requests racing each
     * other cannot all slip under the limit. Stored plans run by operators and services are bounded by their targets.
     */
    private Uni<Void> withinQueueLimit(ExecutionRequest request, String author) {
        boolean dryRun = request.isDryRun();
        if (!dryRun && request.steps() == null) {
            return Uni.createFrom().voidItem();
        }
        int limit = dryRun ? config.queue().maxDryRunsPerCaller() : config.queue().maxInlineRunsPerCaller();
        String what = dryRun ? "dry runs" : "inline executions";
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:key))")
                        .setParameter("key", "executor.queue:" + author).getSingleResult())
                .flatMap(locked -> executions.countActive(author, dryRun))
                .flatMap(active -> active < limit ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new TooManyRequests(author + " already has " + active + " " + what
                                + " pending or running, the most one key may have at once (" + limit + "); start this"
                                + " one when one of them has ended.", QUEUE_RETRY_AFTER)));
    }

    /** The target has an active execution; answered by {@link #afterRace}. */
    private static final class TargetBusy extends RuntimeException {

        TargetBusy() {
            super(null, null, false, false);
        }
    }

    private record Resolved(String service, List<Step> steps) {
    }

    private record Unsupported(int index, Step step) {
    }

    /**
     * The steps to run, checked against the targets as they are now: a stored plan was valid when stored, but its
     * targets may have changed since, and plans stored before targets existed name none. Either is a 409 that lists
     * what to change.
     */
    private Uni<Resolved> stepsOf(ExecutionRequest request) {
        if (request.planId() != null && request.steps() != null) {
            return Uni.createFrom().failure(ProblemException.invalid("steps", "cannot be combined with planId; give one of them"));
        }
        if (request.planId() == null && request.steps() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("steps", "is required unless planId is given"));
        }
        return targets.resolveAll().flatMap(known -> {
            if (request.planId() == null) {
                List<Problem.FieldError> errors = StepValidator.validate(request.steps(), known::get);
                return errors.isEmpty() ? Uni.createFrom().item(new Resolved(null, request.steps()))
                        : Uni.createFrom().failure(ProblemException.invalid(errors));
            }
            return plans.findById(request.planId()).flatMap(plan -> {
                if (plan == null) {
                    return Uni.createFrom().failure(ProblemException.invalid("planId", "no plan has this id"));
                }
                List<Problem.FieldError> errors = StepValidator.validate(plan.steps.items(), known::get);
                if (!errors.isEmpty()) {
                    return Uni.createFrom().failure(new ProblemException(Problem.of(ProblemType.CONFLICT, 409, "Plan '"
                            + plan.name + "' v" + plan.version + " cannot run as stored: " + errors.size()
                            + " of its steps' fields do not fit the targets as they are now (listed in errors). Store a new "
                            + "version of the plan in which each step names a target of its kind and gives only what to "
                            + "do there (README: Targets).").withErrors(errors)));
                }
                if (request.target() != null && !request.target().equals(plan.service)) {
                    // The target is what "one execution at a time" and the public incident are keyed by: a plan runs
                    // under its own service's name only.
                    return Uni.createFrom().failure(ProblemException.invalid("target", "must be the plan's service '"
                            + plan.service + "' (or left out) when running a stored plan" + ParamReader.echo(request.target())));
                }
                return Uni.createFrom().item(new Resolved(plan.service, plan.steps.items()));
            });
        });
    }

    private ProblemException unsupported(ExecutionRequest request, List<Unsupported> unsupported) {
        String runs = String.join(", ", actions.supported().stream().map(k -> k.id()).sorted().toList());
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Unsupported field : unsupported) {
            String message = field.step().kind().id() + " steps cannot be run by this executor yet (it runs " + runs + ")";
            errors.add(request.planId() != null
                    ? new Problem.FieldError("planId", "step '" + field.step().name() + "': " + message)
                    : new Problem.FieldError("steps[" + field.index() + "].kind", message));
        }
        return ProblemException.invalid(errors);
    }

    @WithSession
    public Uni<Detail> get(UUID id) {
        return get(id, null);
    }

    /**
     * One execution with its steps; 404 when there is none, or when {@code onlyCreatedBy} is given (a service's key,
     * which may read only the executions it started) and someone else started it.
     */
    @WithSession
    public Uni<Detail> get(UUID id, String onlyCreatedBy) {
        return executions.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Execution", id))
                .flatMap(execution -> onlyCreatedBy != null && !onlyCreatedBy.equals(execution.createdBy)
                        ? Uni.createFrom().failure(ProblemException.notFound("Execution", id))
                        : steps.listOf(id).map(list -> new Detail(execution, list)));
    }

    /** One page of executions, newest first; only {@code onlyCreatedBy}'s when it is given (a service's key). */
    @WithSession
    public Uni<List<Execution>> list(String target, ExecutionStatus status, String onlyCreatedBy, ListPage page) {
        return executions.search(target, status, onlyCreatedBy, page);
    }

    /**
     * Cancels a pending or running execution: no further step starts, and a step waiting for its next look (a pause,
     * an approval, a retry) is cancelled. A step a worker is acting on at this moment finishes and records what it did,
     * and a step that has set something going elsewhere ({@link io.rewind.executor.action.StepAction#inFlight}: a
     * restore) is followed to its end; until both have ended the execution, though CANCELLED, holds its target
     * ({@code targetHeld}), so a second execution of it does not act beside them. 409 when it has already ended.
     */
    @WithTransaction
    public Uni<Detail> cancel(UUID id, String by) {
        return executions.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Execution", id))
                .flatMap(execution -> {
                    if (!execution.status.isActive()) {
                        return Uni.createFrom().failure(ProblemException.conflict(
                                "Execution " + id + " has already ended (" + execution.status + ")."));
                    }
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    // The execution's row lock keeps workers from claiming, releasing or finishing its steps meanwhile.
                    return steps.listOf(id).flatMap(list -> {
                        List<UUID> stop = new ArrayList<>();
                        boolean stillRunning = false;
                        for (ExecutionStep step : list) {
                            if (step.status != StepStatus.RUNNING) {
                                continue;
                            }
                            boolean acting = step.leaseUntil != null && !step.leaseUntil.isBefore(now);
                            boolean followed = !execution.dryRun && actions.supports(step.kind)
                                    && actions.get(step.kind).inFlight(step.beforeState);
                            if (acting || followed) {
                                stillRunning = true;
                            } else {
                                stop.add(step.id);
                            }
                        }
                        execution.status = ExecutionStatus.CANCELLED;
                        execution.cancelledBy = by;
                        execution.endedAt = now;
                        execution.reason = "cancelled by " + by;
                        execution.targetHeld = stillRunning && !execution.dryRun;
                        return executions.flush()
                                .flatMap(flushed -> steps.cancelOpenSteps(id, by, now, stop))
                                .flatMap(changed -> Panache.getSession())
                                // The bulk update bypassed the session: read the steps afresh.
                                .invoke(session -> list.forEach(session::detach))
                                .flatMap(session -> steps.listOf(id))
                                .map(fresh -> new Detail(execution, fresh));
                    });
                });
    }
}
