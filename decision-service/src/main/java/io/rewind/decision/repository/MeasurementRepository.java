package io.rewind.decision.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.Measurement;

@ApplicationScoped
public class MeasurementRepository implements PanacheRepository<Measurement> {

    public Uni<List<Measurement>> forAnalysis(UUID analysisId) {
        return list("analysisId", Sort.ascending("round").and("metric"), analysisId);
    }

    /** One page of an analysis' measurements, oldest first. */
    public Uni<List<Measurement>> forAnalysis(UUID analysisId, ListPage page) {
        return find("analysisId", Sort.ascending("round").and("metric"), analysisId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
