package io.rewind.executor.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStatus;

@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, UUID> {

    private static final List<ExecutionStatus> ACTIVE = List.of(ExecutionStatus.PENDING, ExecutionStatus.RUNNING);

    /** The execution {@code caller} started under {@code key}: keys are scoped per caller. */
    public Uni<Execution> findByIdempotencyKey(String caller, String key) {
        return find("createdBy = ?1 and idempotencyKey = ?2", caller, key).firstResult();
    }

    /**
     * The real (not dry) execution that holds {@code target}: pending or running, or cancelled while a step of it was
     * still running and not over yet ({@link Execution#targetHeld}).
     */
    public Uni<Execution> findActive(String target) {
        return find("target = ?1 and dryRun = false and (status in ?2 or targetHeld = true)", target, ACTIVE).firstResult();
    }

    /** How many of {@code caller}'s executions are pending or running: its dry runs, or its real inline (break-glass) ones. */
    public Uni<Long> countActive(String caller, boolean dryRun) {
        return dryRun
                ? count("createdBy = ?1 and status in ?2 and dryRun = true", caller, ACTIVE)
                : count("createdBy = ?1 and status in ?2 and dryRun = false and breakGlass = true", caller, ACTIVE);
    }

    /**
     * One page of executions, newest first, optionally of one target, in one status, and/or started by one caller
     * ({@code createdBy}).
     */
    public Uni<List<Execution>> search(String target, ExecutionStatus status, String createdBy, ListPage page) {
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
        if (createdBy != null) {
            query.append(" and createdBy = :createdBy");
            parameters.and("createdBy", createdBy);
        }
        return find(query.toString(), Sort.descending("createdAt", "id"), parameters)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
