package io.rewind.executor.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.executor.Plan;
import io.rewind.executor.Step;
import io.rewind.executor.repository.PlanRepository;

/**
 * Versioned rollback plans. Storing a plan under a name that exists stores the next version of that plan; versions
 * are never changed, so an execution can always show the steps it ran.
 */
@ApplicationScoped
public class PlanService {

    private final PlanRepository repository;
    private final TargetService targets;

    public PlanService(PlanRepository repository, TargetService targets) {
        this.repository = repository;
        this.targets = targets;
    }

    /**
     * Stores {@code steps} as version 1 of plan {@code name}, or as the next version when the plan exists. Each step is
     * stored with its timeout resolved ({@link Step#withDefaults()}), and must name a target of its kind that exists.
     *
     * <p>A plan keeps its service across versions (409 otherwise): a new name is the way to write a plan for another
     * service, so nothing that runs "the newest version of plan X" is silently pointed at a different service. Two
     * versions saved at the same moment both compute the same number; the unique key lets one win and the other gets
     * 409, to be retried by whoever sent it.
     */
    @WithTransaction
    public Uni<Plan> create(String name, String service, String description, List<Step> steps, String author) {
        return targets.resolveAll().flatMap(known -> {
            List<Problem.FieldError> errors = StepValidator.validate(steps, known::get);
            return errors.isEmpty() ? repository.findLatest(name)
                    : Uni.createFrom().failure(ProblemException.invalid(errors));
        }).flatMap(latest -> {
            if (latest != null && !latest.service.equals(service)) {
                return Uni.createFrom().failure(ProblemException.conflict("Plan '" + name + "' rolls back service '"
                        + latest.service + "', not '" + service + "'; give a plan for another service its own name."));
            }
            Plan next = new Plan();
            next.name = name;
            next.service = service;
            next.version = latest == null ? 1 : latest.version + 1;
            next.description = description;
            next.steps = new Plan.Steps(steps.stream().map(Step::withDefaults).toList());
            next.createdBy = author;
            next.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return repository.persistAndFlush(next);
        }).onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict(
                "Plan '" + name + "' was changed at the same moment; read it again and re-apply your change."));
    }

    @WithSession
    public Uni<Plan> get(UUID id) {
        return repository.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Plan", id));
    }

    /** A page of the newest version of every plan, optionally only the plans of one service. */
    @WithSession
    public Uni<List<Plan>> newest(String service, ListPage page) {
        return repository.listNewest(service, page);
    }

    /** A page of a plan's versions, newest first; 404 when no plan has that name. */
    @WithSession
    public Uni<List<Plan>> versions(String name, ListPage page) {
        return repository.listVersions(name, page).flatMap(versions -> !versions.isEmpty()
                ? Uni.createFrom().item(versions)
                : repository.findLatest(name).flatMap(latest -> latest == null
                        ? Uni.createFrom().failure(ProblemException.notFound("Plan", name))
                        : Uni.createFrom().item(versions)));
    }
}
