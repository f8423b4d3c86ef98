package io.rewind.executor.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.executor.Target;
import io.rewind.executor.TargetKind;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.repository.TargetRepository;
import io.rewind.executor.target.ResolvedTarget;
import io.rewind.executor.target.TargetSpec;

/**
 * Targets: where and with what the executor acts. Only admins write them (through the API, or the targets file loaded
 * at start); steps name one. A spec holds secret references, never secret values, so reading targets is open to viewers.
 */
@ApplicationScoped
public class TargetService {

    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);
    public static final int MAX_DESCRIPTION = 2_000;

    private final TargetRepository repository;

    public TargetService(TargetRepository repository) {
        this.repository = repository;
    }

    /** A target as a client defines it. */
    public record Definition(String kind, String description, Map<String, Object> spec) {
    }

    /** A validated definition: its kind and its spec as stored. */
    public record Valid(TargetKind kind, String description, Map<String, Object> spec) {
    }

    /** Every problem of {@code definition} named {@code name}, as field errors under {@code at}; the valid form when none. */
    static Valid validate(String name, Definition definition, String at, List<Problem.FieldError> errors) {
        if (name == null || !Names.DNS_LABEL.matcher(name).matches()) {
            errors.add(new Problem.FieldError(at.isEmpty() ? "name" : at + ".name",
                    "must be a target name: lower-case letters, digits and '-', at most 63" + (name == null ? "" : ParamReader.echo(name))));
        }
        String prefix = at.isEmpty() ? "" : at + ".";
        if (definition == null) {
            errors.add(new Problem.FieldError(at.isEmpty() ? "body" : at, "is required"));
            return null;
        }
        TargetKind kind = null;
        if (definition.kind() == null) {
            errors.add(new Problem.FieldError(prefix + "kind", "is required (one of " + TargetKind.list() + ")"));
        } else {
            try {
                kind = TargetKind.fromId(definition.kind());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(prefix + "kind", "must be one of " + TargetKind.list()
                        + ParamReader.echo(definition.kind())));
            }
        }
        if (definition.description() != null && definition.description().length() > MAX_DESCRIPTION) {
            errors.add(new Problem.FieldError(prefix + "description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (definition.spec() == null) {
            errors.add(new Problem.FieldError(prefix + "spec", "is required"));
            return null;
        }
        if (kind == null) {
            return null;
        }
        int before = errors.size();
        TargetSpec read = kind.read(new ParamReader(prefix + "spec", kind + " targets", definition.spec(), errors));
        return errors.size() > before ? null : new Valid(kind, definition.description(), read.stored(definition.spec()));
    }

    /**
     * Defines or replaces target {@code name}; true when it is new. A target keeps its kind (409 otherwise: plans that
     * name it were written for that kind), and a target from the targets file is changed in the file (409).
     */
    @WithTransaction
    public Uni<Boolean> put(String name, Definition definition, String author) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Valid valid = validate(name, definition, "", errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        return repository.findById(name).flatMap(existing -> {
            if (existing != null && existing.source == Target.Source.FILE) {
                return Uni.createFrom().failure(ProblemException.conflict("Target '" + name
                        + "' comes from the targets file (REWIND_EXECUTOR_TARGETS_FILE); change it there."));
            }
            if (existing != null && existing.kind != valid.kind()) {
                return Uni.createFrom().failure(ProblemException.conflict("Target '" + name + "' is a " + existing.kind
                        + " target; plans name it for that. Give a " + valid.kind() + " target a name of its own."));
            }
            Target target = write(existing, name, valid, Target.Source.API, author, OffsetDateTime.now(ZoneOffset.UTC));
            return (existing == null ? repository.persist(target) : Uni.createFrom().item(target))
                    .flatMap(saved -> repository.flush()).replaceWith(existing == null);
        }).onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict(
                "Target '" + name + "' was defined at the same moment by another request; read it and try again."));
    }

    /** {@code existing} (or a new target {@code name}) with {@code valid}'s kind, description and spec, as {@code by} wrote it. */
    private static Target write(Target existing, String name, Valid valid, Target.Source source, String by,
            OffsetDateTime now) {
        Target target = existing != null ? existing : new Target();
        if (existing == null) {
            target.name = name;
            target.createdAt = now;
            target.createdBy = by;
        }
        target.kind = valid.kind();
        target.description = valid.description();
        target.spec = valid.spec();
        target.source = source;
        target.updatedAt = now;
        target.updatedBy = by;
        return target;
    }

    /** Removes target {@code name}; 409 while the newest version of a plan names it, or when it comes from the file. */
    @WithTransaction
    public Uni<Void> delete(String name) {
        return repository.findById(name)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Target", name))
                .flatMap(target -> {
                    if (target.source == Target.Source.FILE) {
                        return Uni.createFrom().failure(ProblemException.conflict("Target '" + name
                                + "' comes from the targets file (REWIND_EXECUTOR_TARGETS_FILE); remove it there."));
                    }
                    return repository.plansNaming(name).flatMap(plans -> plans.isEmpty()
                            ? repository.delete(target).replaceWithVoid()
                            : Uni.createFrom().failure(ProblemException.conflict("Target '" + name + "' is named by "
                                    + String.join(", ", plans) + "; store versions of those plans without it first.")));
                });
    }

    @WithSession
    public Uni<Target> get(String name) {
        return repository.findById(name).onItem().ifNull().failWith(() -> ProblemException.notFound("Target", name));
    }

    /** One page of targets, by name. */
    @WithSession
    public Uni<List<Target>> list(ListPage page) {
        return repository.list(page);
    }

    /** Every target, parsed, by name: what steps are checked against when a plan is stored or started. */
    public Uni<Map<String, ResolvedTarget>> resolveAll() {
        return Panache.withSession(() -> repository.listAll()).map(targets -> {
            Map<String, ResolvedTarget> byName = new LinkedHashMap<>();
            targets.forEach(t -> byName.put(t.name, resolved(t)));
            return byName;
        });
    }

    /** The target a running step names, read now (an admin may have changed it since the plan was stored); null when gone. */
    public ResolvedTarget resolveNow(String name) {
        Target target = repository.read(name).await().atMost(DATABASE_WAIT);
        return target == null ? null : resolved(target);
    }

    /** The stored target checked against today's rules, which may be stricter than when it was stored. */
    static ResolvedTarget resolved(Target target) {
        List<Problem.FieldError> errors = new ArrayList<>();
        TargetSpec spec = target.kind.read(new ParamReader("spec", target.kind + " targets", target.spec, errors));
        return new ResolvedTarget(target.name, target.kind, spec,
                errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }

    /**
     * Makes the stored file targets exactly {@code file}'s: new ones are added, changed ones replaced, ones no longer in
     * the file removed. A target of the API with a name the file uses becomes the file's.
     */
    @WithTransaction
    public Uni<Integer> loadFile(Map<String, Valid> file, String source) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return repository.listAll().flatMap(existing -> {
            List<Uni<Void>> changes = new ArrayList<>();
            for (Target target : existing) {
                if (target.source == Target.Source.FILE && !file.containsKey(target.name)) {
                    changes.add(repository.delete(target).replaceWithVoid());
                }
            }
            file.forEach((name, valid) -> {
                Target found = existing.stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
                Target target = write(found, name, valid, Target.Source.FILE, source, now);
                if (found == null) {
                    changes.add(repository.persist(target).replaceWithVoid());
                }
            });
            Uni<?> all = changes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(changes).andFailFast();
            return all.flatMap(done -> repository.flush()).replaceWith(file.size());
        });
    }
}
