package io.rewind.decision.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.MetricSource;

@ApplicationScoped
public class MetricSourceRepository implements PanacheRepositoryBase<MetricSource, String> {

    /** One page of sources, by name. */
    public Uni<List<MetricSource>> page(ListPage page) {
        return findAll(Sort.ascending("name")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The names among {@code names} that exist. */
    public Uni<List<String>> existing(Collection<String> names) {
        return list("name in ?1", names).map(found -> found.stream().map(source -> source.name).toList());
    }
}
