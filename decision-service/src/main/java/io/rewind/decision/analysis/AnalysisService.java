package io.rewind.decision.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.decision.Analysis;
import io.rewind.decision.Measurement;
import io.rewind.decision.repository.AnalysisRepository;
import io.rewind.decision.repository.MeasurementRepository;

/** Starts analyses and reads them back with every measurement; {@link AnalysisRunner} takes the measurements. */
@ApplicationScoped
public class AnalysisService {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final AnalysisRepository analyses;
    private final MeasurementRepository measurements;

    public AnalysisService(AnalysisRepository analyses, MeasurementRepository measurements) {
        this.analyses = analyses;
        this.measurements = measurements;
    }

    public record Details(Analysis analysis, List<Measurement> measurements) {
    }

    @WithTransaction
    public Uni<Analysis> start(AnalysisSpec spec, String actor) {
        List<Problem.FieldError> errors = problems(spec);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        Analysis analysis = new Analysis();
        analysis.id = UUID.randomUUID();
        analysis.service = spec.service();
        analysis.spec = spec;
        analysis.phase = Judge.RunPhase.RUNNING;
        analysis.createdBy = actor;
        analysis.createdAt = now;
        analysis.startedAt = now;
        analysis.nextMeasurementAt = now;
        analysis.message = "0 of " + spec.count() + " rounds taken";
        analysis.updatedAt = now;
        return analyses.persistAndFlush(analysis);
    }

    @WithSession
    public Uni<Details> get(UUID id) {
        return analyses.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Analysis", id))
                .flatMap(a -> measurements.forAnalysis(id).map(list -> new Details(a, list)));
    }

    @WithSession
    public Uni<List<Analysis>> recent(String service, int limit) {
        return analyses.recent(service, limit);
    }

    /** What bean validation cannot say: conditions that do not parse, duplicate names, a metric with nothing to judge. */
    static List<Problem.FieldError> problems(AnalysisSpec spec) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (spec.interval().compareTo(MIN_INTERVAL) < 0 || spec.interval().compareTo(MAX_INTERVAL) > 0) {
            errors.add(new Problem.FieldError("interval", "must be from PT1S to PT1H"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.metrics().size(); i++) {
            AnalysisSpec.Metric metric = spec.metrics().get(i);
            String at = "metrics[" + i + "]";
            if (!names.add(metric.name())) {
                errors.add(new Problem.FieldError(at + ".name", "'" + metric.name() + "' is used twice"));
            }
            if (metric.successCondition() == null && metric.failureCondition() == null && metric.baseline() == null) {
                errors.add(new Problem.FieldError(at, "needs a successCondition, a failureCondition or a baseline"));
            }
            parse(metric.successCondition(), at + ".successCondition", errors);
            parse(metric.failureCondition(), at + ".failureCondition", errors);
        }
        return errors;
    }

    private static void parse(String condition, String field, List<Problem.FieldError> errors) {
        if (condition == null) {
            return;
        }
        try {
            Condition.parse(condition);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(field, e.getMessage()));
        }
    }
}
