package io.rewind.decision.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.EscalationPolicy;

@ApplicationScoped
public class EscalationPolicyRepository implements PanacheRepositoryBase<EscalationPolicy, String> {

    public Uni<List<EscalationPolicy>> page(ListPage page) {
        return findAll(Sort.ascending("service")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The policies of these services and the {@code *} default. */
    public Uni<List<EscalationPolicy>> forServices(Collection<String> services) {
        List<String> names = new java.util.ArrayList<>(services);
        names.add(EscalationPolicy.DEFAULT);
        return list("service in ?1", names);
    }
}
