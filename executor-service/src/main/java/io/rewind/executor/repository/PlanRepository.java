package io.rewind.executor.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.executor.Plan;

/** Plans by id, which is a UUID (hence {@code PanacheRepositoryBase} rather than {@code PanacheRepository}). */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<Plan, UUID> {

    private static final String NEWEST = "from Plan p where p.version = (select max(q.version) from Plan q where q.name = p.name)";

    public Uni<Plan> findLatest(String name) {
        return find("name", Sort.descending("version"), name).firstResult();
    }

    /** One page of a plan's versions, newest first. */
    public Uni<List<Plan>> listVersions(String name, ListPage page) {
        return find("name", Sort.descending("version"), name).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** One page of the newest version of every plan, by name; only those for {@code service} unless it is null. */
    public Uni<List<Plan>> listNewest(String service, ListPage page) {
        var query = service == null ? find(NEWEST + " order by p.name") : find(NEWEST + " and p.service = ?1 order by p.name", service);
        return query.range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
