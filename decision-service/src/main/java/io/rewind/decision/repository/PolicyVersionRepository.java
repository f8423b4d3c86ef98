package io.rewind.decision.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.PolicyVersion;

@ApplicationScoped
public class PolicyVersionRepository implements PanacheRepository<PolicyVersion> {

    public Uni<PolicyVersion> findLatest(String service) {
        return find("service", Sort.descending("version"), service).firstResult();
    }

    public Uni<PolicyVersion> findVersion(String service, int version) {
        return find("service = ?1 and version = ?2", service, version).firstResult();
    }

    /** One page of a service's stored versions, newest first. */
    public Uni<List<PolicyVersion>> listVersions(String service, ListPage page) {
        return find("service", Sort.descending("version"), service)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
