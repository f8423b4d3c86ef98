package io.rewind.executor.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStatus;

@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, UUID> {

    static final int MAX_LISTED = 200;

    /** The execution {@code caller} started under {@code key}: keys are scoped per caller. */
    public Uni<Execution> findByIdempotencyKey(String caller, String key) {
        return find("createdBy = ?1 and idempotencyKey = ?2", caller, key).firstResult();
    }

    /** The real (not dry) execution of {@code target} that is pending or running, if any. */
    public Uni<Execution> findActive(String target) {
        return find("target = ?1 and dryRun = false and status in ?2", target,
                List.of(ExecutionStatus.PENDING, ExecutionStatus.RUNNING)).firstResult();
    }

    /** The newest executions first, at most {@value #MAX_LISTED}, optionally of one target and/or in one status. */
    public Uni<List<Execution>> search(String target, ExecutionStatus status) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (target != null) {
            query.append(" and target = :target");
            parameters.and("target", target);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return find(query.toString(), Sort.descending("createdAt"), parameters).page(0, MAX_LISTED).list();
    }
}
