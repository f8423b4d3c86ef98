package io.rewind.decision.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.metric.WebQuery;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.Analysis;
import io.rewind.decision.Measurement;
import io.rewind.decision.config.DecisionConfig;
import io.rewind.decision.repository.AnalysisRepository;
import io.rewind.decision.repository.MeasurementRepository;

/** Starts analyses and reads them back with every measurement; {@link AnalysisRunner} takes the measurements. */
@ApplicationScoped
public class AnalysisService {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final AnalysisRepository analyses;
    private final MeasurementRepository measurements;
    private final DecisionConfig config;
    private final MetricSources sources;

    public AnalysisService(AnalysisRepository analyses, MeasurementRepository measurements, DecisionConfig config,
            MetricSources sources) {
        this.analyses = analyses;
        this.measurements = measurements;
        this.config = config;
        this.sources = sources;
    }

    public record Details(Analysis analysis, List<Measurement> measurements) {
    }

    /** The analysis a request is answered with: a new one, or ({@code created} false) the one it joined. */
    public record Started(Analysis analysis, boolean created) {
    }

    /** The queue of analyses is full; {@code retryAfter} is when the soonest queued one is expected to end. */
    public static final class QueueFull extends RuntimeException {

        private final transient Duration retryAfter;

        QueueFull(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Starts analysing a release, unless it is being analysed: a request for a service and release with an analysis
     * queued or measuring joins it (the same analysis, nothing new is stored, whatever the metrics asked for). Beyond
     * {@code rewind.decision.max-queued-analyses} analyses at once a request fails with {@link QueueFull}. Starts are
     * serialised by a PostgreSQL lock, so two requests at once cannot both start the same analysis or both take the
     * last place.
     */
    @WithTransaction
    public Uni<Started> start(AnalysisSpec spec, String actor) {
        List<Problem.FieldError> errors = problems(spec);
        List<String> named = spec.metrics().stream().map(AnalysisSpec.Metric::web).filter(Objects::nonNull)
                .map(AnalysisSpec.WebProvider::source).filter(Objects::nonNull).distinct().toList();
        return sources.existing(named).flatMap(existing -> {
            for (int i = 0; i < spec.metrics().size(); i++) {
                AnalysisSpec.WebProvider web = spec.metrics().get(i).web();
                if (web != null && web.source() != null && !existing.contains(web.source())) {
                    errors.add(new Problem.FieldError("metrics[" + i + "].provider.web.source", "names no metric source: "
                            + "an admin defines them (PUT /api/metric-sources/" + web.source() + ")"));
                }
            }
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.invalid(errors));
            }
            return enqueue(spec, actor);
        });
    }

    private Uni<Started> enqueue(AnalysisSpec spec, String actor) {
        return analyses.lockQueue().chain(analyses::queued).flatMap(queued -> {
            OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
            Optional<Analysis> same = queued.stream()
                    .filter(a -> a.service.equals(spec.service()) && Objects.equals(a.spec.release(), spec.release()))
                    .findFirst();
            if (same.isPresent()) {
                return Uni.createFrom().item(new Started(same.get(), false));
            }
            int cap = config.maxQueuedAnalyses();
            if (queued.size() >= cap) {
                return Uni.createFrom().failure(new QueueFull("At most " + cap + " analyses may be queued or measuring at "
                        + "once (rewind.decision.max-queued-analyses), and " + queued.size() + " are; try again when one "
                        + "has ended.", retryAfter(queued, now)));
            }
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
            return analyses.persistAndFlush(analysis).map(a -> new Started(a, true));
        });
    }

    /** When the soonest of the queued analyses is expected to take its last round: from 1 s to 1 h from now. */
    static Duration retryAfter(List<Analysis> queued, OffsetDateTime now) {
        OffsetDateTime soonest = null;
        for (Analysis a : queued) {
            OffsetDateTime next = a.nextMeasurementAt != null ? a.nextMeasurementAt : now;
            int after = Math.max(0, a.spec.count() - a.roundsTaken - 1);
            OffsetDateTime end = next.plus(a.spec.interval().multipliedBy(after));
            if (soonest == null || end.isBefore(soonest)) {
                soonest = end;
            }
        }
        Duration wait = soonest == null ? Duration.ZERO : Duration.between(now, soonest);
        long seconds = Math.min(MAX_INTERVAL.toSeconds(), Math.max(1, wait.toSeconds() + 1));
        return Duration.ofSeconds(seconds);
    }

    /** An analysis with one page of its measurements, oldest first. */
    @WithSession
    public Uni<Details> get(UUID id, ListPage page) {
        return analyses.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Analysis", id))
                .flatMap(a -> measurements.forAnalysis(id, page).map(list -> new Details(a, list)));
    }

    @WithSession
    public Uni<List<Analysis>> recent(String service, ListPage page) {
        return analyses.recent(service, page);
    }

    /** What bean validation cannot say: conditions that do not parse, duplicate names, a metric with nothing to judge. */
    public static List<Problem.FieldError> problems(AnalysisSpec spec) {
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
            measured(metric, at, errors);
            parse(metric.successCondition(), at + ".successCondition", errors);
            parse(metric.failureCondition(), at + ".failureCondition", errors);
        }
        return errors;
    }

    /** What a metric measures: a Prometheus query or a web provider, exactly one, each with its own baseline fields. */
    private static void measured(AnalysisSpec.Metric metric, String at, List<Problem.FieldError> errors) {
        AnalysisSpec.WebProvider web = metric.web();
        AnalysisSpec.Baseline baseline = metric.baseline();
        if (metric.query() != null && metric.provider() != null) {
            errors.add(new Problem.FieldError(at + ".provider", "cannot be combined with query: a metric is either a "
                    + "Prometheus query or a provider"));
        } else if (metric.query() == null && metric.provider() == null) {
            errors.add(new Problem.FieldError(at + ".query", "is required: a PromQL query, or instead a provider "
                    + "({\"web\": {\"source\": ..., \"path\": ..., \"jsonPath\": ...}})"));
        } else if (metric.query() != null && metric.query().isBlank()) {
            errors.add(new Problem.FieldError(at + ".query", "must not be blank"));
        }
        if (web == null) {
            if (baseline != null && (baseline.path() != null || baseline.jsonPath() != null)) {
                errors.add(new Problem.FieldError(at + ".baseline", "path and jsonPath are a web metric's; a Prometheus "
                        + "baseline is a query"));
            }
            return;
        }
        WebQuery request = web.request();
        request.problems().forEach(e -> errors.add(new Problem.FieldError(at + ".provider.web." + e.field(), e.message())));
        if (baseline == null) {
            return;
        }
        if (baseline.query() != null || baseline.at() != null) {
            errors.add(new Problem.FieldError(at + ".baseline", "query and at are a Prometheus baseline's; a web metric's "
                    + "baseline is a path (and jsonPath) whose time window ends at the release"));
        }
        if (baseline.path() != null || baseline.jsonPath() != null) {
            WebQuery asked = request.at(baseline.path() != null ? baseline.path() : web.path(), baseline.jsonPath());
            asked.problems().stream()
                    .filter(e -> e.field().equals("path") && baseline.path() != null
                            || e.field().equals("jsonPath") && baseline.jsonPath() != null)
                    .forEach(e -> errors.add(new Problem.FieldError(at + ".baseline." + e.field(), e.message())));
        }
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
