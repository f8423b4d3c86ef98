package io.rewind.executor.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.executor.Plan;

/** Plans by id, which is a UUID (hence {@code PanacheRepositoryBase} rather than {@code PanacheRepository}). */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<Plan, UUID> {

    private static final String NEWEST = "from Plan p where p.version = (select max(q.version) from Plan q where q.name = p.name)";

    public Uni<Plan> findLatest(String name) {
        return find("name", Sort.descending("version"), name).firstResult();
    }

    public Uni<List<Plan>> listVersions(String name) {
        return list("name", Sort.descending("version"), name);
    }

    /** The newest version of every plan, by name; only those for {@code service} unless it is null. */
    public Uni<List<Plan>> listNewest(String service) {
        return service == null
                ? list(NEWEST + " order by p.name")
                : list(NEWEST + " and p.service = ?1 order by p.name", service);
    }
}
