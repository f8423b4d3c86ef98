package io.rewind.decision.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.Policy;
import io.rewind.decision.PolicyVersion;
import io.rewind.decision.repository.PolicyVersionRepository;

/**
 * Versioned policies. A service without a stored policy uses {@link Policy#defaults()}, reported as version 0;
 * each change stores the next version, so a decision can name exactly the rules it applied.
 */
@ApplicationScoped
public class PolicyService {

    static final String DEFAULT_AUTHOR = "rewind (runbook defaults)";

    private final PolicyVersionRepository repository;

    public PolicyService(PolicyVersionRepository repository) {
        this.repository = repository;
    }

    /** The policy in force for a service: its newest version, or the defaults as version 0. */
    @WithSession
    public Uni<PolicyVersion> current(String service) {
        return repository.findLatest(service).map(latest -> latest != null ? latest : defaults(service));
    }

    /** One page of a service's versions, newest first; a service without a stored policy has version 0 only. */
    @WithSession
    public Uni<List<PolicyVersion>> versions(String service, ListPage page) {
        return repository.listVersions(service, page)
                .map(versions -> versions.isEmpty() && page.offset() == 0 ? List.of(defaults(service)) : versions);
    }

    @WithSession
    public Uni<PolicyVersion> version(String service, int version) {
        if (version == 0) {
            return Uni.createFrom().item(defaults(service));
        }
        return repository.findVersion(service, version).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Policy version", service + "/" + version));
    }

    /**
     * Stores {@code rules} as the next version. With {@code expectedVersion}, the change is refused (409) unless that
     * is still the current version, so two engineers editing at once cannot silently overwrite each other.
     */
    @WithTransaction
    public Uni<PolicyVersion> update(String service, Policy rules, String comment, String author, Integer expectedVersion) {
        List<Problem.FieldError> inconsistencies = rules.inconsistencies();
        if (!inconsistencies.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(inconsistencies));
        }
        return repository.findLatest(service).flatMap(latest -> {
            int current = latest == null ? 0 : latest.version;
            if (expectedVersion != null && expectedVersion != current) {
                return Uni.createFrom().failure(ProblemException.conflict("The policy of '" + service + "' is at version "
                        + current + ", not " + expectedVersion + "; read it again and re-apply your change."));
            }
            PolicyVersion next = new PolicyVersion();
            next.service = service;
            next.version = current + 1;
            next.rules = rules;
            next.comment = comment;
            next.createdBy = author;
            next.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return repository.persistAndFlush(next);
        }).onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict(
                "The policy of '" + service + "' was changed at the same moment; read it again and re-apply your change."));
    }

    private static PolicyVersion defaults(String service) {
        PolicyVersion defaults = new PolicyVersion();
        defaults.service = service;
        defaults.version = 0;
        defaults.rules = Policy.defaults();
        defaults.createdBy = DEFAULT_AUTHOR;
        defaults.comment = "The runbooks' defaults; no policy has been stored for this service.";
        return defaults;
    }
}
