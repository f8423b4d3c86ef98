package io.rewind.decision.analysis;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.metric.WebSource;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.MetricSource;
import io.rewind.decision.repository.MetricSourceRepository;

/**
 * The metric sources admins configure: JSON APIs that web metrics of analyses ask. Written by admins only; read by
 * anyone with a key, since a source holds secret references, never secret values.
 */
@ApplicationScoped
public class MetricSources {

    private final MetricSourceRepository repository;

    public MetricSources(MetricSourceRepository repository) {
        this.repository = repository;
    }

    /** A source as written: its kind, description and the web source itself. */
    public record Definition(String kind, String description, WebSource web) {
    }

    /** The source, and whether this request created it. */
    public record Stored(MetricSource source, boolean created) {
    }

    /** Creates or replaces {@code name}; a 400 problem naming each bad field, and nothing stored, otherwise. */
    @WithTransaction
    public Uni<Stored> put(String name, Definition definition, String actor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!MetricSource.WEB.equals(definition.kind())) {
            errors.add(new Problem.FieldError("kind", "must be web (a JSON API read by JSONPath); PromQL queries go to "
                    + "the configured Prometheus"));
        }
        if (definition.description() != null && definition.description().length() > 1000) {
            errors.add(new Problem.FieldError("description", "must be at most 1000 characters"));
        }
        definition.web().problems().forEach(errors::add);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return repository.findById(name).flatMap(existing -> {
            MetricSource source = existing != null ? existing : new MetricSource();
            if (existing == null) {
                source.name = name;
                source.createdAt = now;
                source.createdBy = actor;
            }
            source.kind = definition.kind();
            source.description = definition.description();
            source.spec = definition.web().normalized();
            source.updatedAt = now;
            source.updatedBy = actor;
            return repository.persistAndFlush(source).map(s -> new Stored(s, existing == null));
        });
    }

    @WithSession
    public Uni<MetricSource> get(String name) {
        return repository.findById(name).onItem().ifNull().failWith(() -> ProblemException.notFound("Metric source", name));
    }

    @WithSession
    public Uni<List<MetricSource>> list(ListPage page) {
        return repository.page(page);
    }

    /** Removes {@code name}; analyses that name it record errors from then on, saying it is gone. */
    @WithTransaction
    public Uni<Void> delete(String name) {
        return repository.deleteById(name).flatMap(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Metric source", name)));
    }

    /** The source an analysis names, in the caller's session; null when there is none. */
    Uni<MetricSource> find(String name) {
        return repository.findById(name);
    }

    /** The names among {@code names} that exist, in the caller's session. */
    Uni<List<String>> existing(List<String> names) {
        return names.isEmpty() ? Uni.createFrom().item(List.of()) : repository.existing(names);
    }
}
