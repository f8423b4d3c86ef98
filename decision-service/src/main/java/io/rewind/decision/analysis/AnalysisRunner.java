package io.rewind.decision.analysis;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import io.rewind.common.metric.WebMetric;
import io.rewind.common.metric.WebQuery;
import io.rewind.common.metric.WebSource;
import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.Analysis;
import io.rewind.decision.Incident;
import io.rewind.decision.Measurement;
import io.rewind.decision.client.PeerText;
import io.rewind.decision.client.PrometheusClient;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.repository.MeasurementRepository;
import io.rewind.decision.repository.AnalysisRepository;
import io.rewind.decision.service.IncidentService;

/**
 * Takes the rounds of running analyses. Each round is claimed with {@code FOR UPDATE SKIP LOCKED} and its
 * measurements are unique per (analysis, metric, round), so two replicas never take the same one. A round that fails
 * the analysis opens the incident in the same transaction: a crash cannot leave a failed analysis without its incident.
 */
@ApplicationScoped
public class AnalysisRunner {

    private static final Logger LOG = Logger.getLogger(AnalysisRunner.class);
    private static final int BATCH = 5;

    private final AnalysisRepository analyses;
    private final MeasurementRepository measurements;
    private final PrometheusClient prometheus;
    private final IncidentService incidents;
    private final MetricSources sources;
    private final WebMetric web;

    public AnalysisRunner(AnalysisRepository analyses, MeasurementRepository measurements, PrometheusClient prometheus,
            IncidentService incidents, MetricSources sources, SecretResolver secrets) {
        this.analyses = analyses;
        this.measurements = measurements;
        this.prometheus = prometheus;
        this.incidents = incidents;
        this.sources = sources;
        this.web = new WebMetric(secrets);
    }

    @Scheduled(every = "${rewind.decision.analysis-tick:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return Panache.withTransaction(() -> analyses.claimDue(now(), BATCH)
                .flatMap(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::round)
                        .collect().asList()))
                .onFailure().invoke(e -> LOG.warnf(e, "analysis round failed; retrying next tick"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> round(Analysis analysis) {
        int round = analysis.roundsTaken;
        return baselines(analysis)
                .chain(() -> Multi.createFrom().iterable(analysis.spec.metrics())
                        .onItem().transformToUniAndConcatenate(metric -> measure(analysis, metric, round))
                        .collect().asList())
                .chain(taken -> measurements.persist(taken).replaceWith(taken))
                .chain(() -> measurements.forAnalysis(analysis.id))
                .chain(all -> conclude(analysis, all, round + 1));
    }

    /** Baselines are measured once, at the first round, at the release time. */
    private Uni<Void> baselines(Analysis analysis) {
        if (analysis.baselines != null) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Double> values = new HashMap<>();
        return Multi.createFrom().iterable(analysis.spec.metrics().stream().filter(m -> m.baseline() != null).toList())
                .onItem().transformToUniAndConcatenate(metric -> {
                    AnalysisSpec.Baseline b = metric.baseline();
                    Uni<Double> value;
                    if (metric.web() != null) {
                        WebQuery request = metric.web().request();
                        value = web(metric.web(), b.path() == null && b.jsonPath() == null ? request
                                : request.at(b.path() != null ? b.path() : request.path(), b.jsonPath()));
                    } else {
                        String query = b.query() != null ? b.query() : metric.query();
                        OffsetDateTime at = b.at() != null ? b.at() : analysis.startedAt;
                        value = prometheus.value(query, at);
                    }
                    return value.invoke(v -> values.put(metric.name(), v))
                            .onFailure().invoke(e -> LOG.warnf("analysis %s: baseline of %s unavailable: %s", analysis.id,
                                    metric.name(), e.getMessage()))
                            .onFailure().recoverWithNull();
                })
                .collect().asList()
                .invoke(() -> analysis.baselines = values)
                .replaceWithVoid();
    }

    private Uni<Measurement> measure(Analysis analysis, AnalysisSpec.Metric metric, int round) {
        Double baseline = analysis.baselines == null ? null : analysis.baselines.get(metric.name());
        Uni<Double> measured = metric.web() != null ? web(metric.web(), metric.web().request())
                : prometheus.value(metric.query(), null);
        return measured
                .map(value -> record(analysis, metric, round, value, baseline, null))
                .onFailure().recoverWithItem(e -> record(analysis, metric, round, null, baseline, message(e)));
    }

    /**
     * A web metric's value now: its source read in this session, then asked on a worker thread (the request blocks up
     * to the source's timeout); the value comes back on this context, where the session lives.
     */
    private Uni<Double> web(AnalysisSpec.WebProvider provider, WebQuery request) {
        return sources.find(provider.source()).flatMap(source -> {
            if (source == null) {
                return Uni.createFrom().failure(new WebMetric.Failed("metric source '" + provider.source()
                        + "' does not exist (any more): an admin defines it with PUT /api/metric-sources/"
                        + provider.source()));
            }
            WebSource spec = source.spec;
            Context context = Vertx.currentContext();
            if (context == null) {
                return Uni.createFrom().item(() -> web.measure(spec, request))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> web.measure(spec, request), false)
                    .toCompletionStage());
        });
    }

    private static Measurement record(Analysis analysis, AnalysisSpec.Metric metric, int round, Double value, Double baseline,
            String error) {
        String baselineMissing = metric.baseline() != null && baseline == null && error == null
                ? "the baseline could not be measured" : null;
        Judge.Verdict verdict = Judge.measurement(metric, value, baseline, error != null ? error : baselineMissing);
        Measurement m = new Measurement();
        m.analysisId = analysis.id;
        m.metric = metric.name();
        m.round = round;
        m.phase = verdict.phase();
        m.value = value == null || value.isNaN() ? null : value;
        m.baseline = baseline;
        m.message = verdict.message();
        m.takenAt = now();
        return m;
    }

    private Uni<Void> conclude(Analysis analysis, List<Measurement> all, int rounds) {
        Map<String, List<Judge.MeasurementPhase>> history = all.stream().collect(Collectors.groupingBy(m -> m.metric,
                LinkedHashMap::new, Collectors.mapping(m -> m.phase, Collectors.toList())));
        Judge.RunVerdict verdict = Judge.run(analysis.spec, history, rounds);
        OffsetDateTime now = now();
        analysis.roundsTaken = rounds;
        analysis.phase = verdict.phase();
        analysis.message = verdict.message();
        analysis.updatedAt = now;
        if (!verdict.phase().isFinal()) {
            analysis.nextMeasurementAt = now.plus(analysis.spec.interval());
            return Uni.createFrom().voidItem();
        }
        analysis.nextMeasurementAt = null;
        analysis.endedAt = now;
        LOG.infof("analysis %s of %s: %s (%s)", analysis.id, analysis.service, verdict.phase(), verdict.message());
        if (verdict.phase() == Judge.RunPhase.SUCCESSFUL) {
            return Uni.createFrom().voidItem();
        }
        // A Failed analysis opens an incident the engine decides; an Inconclusive or Error one opens an incident a
        // human decides (Argo Rollouts leaves both to whoever looks: argo-rollouts #2866).
        boolean failed = verdict.phase() == Judge.RunPhase.FAILED;
        String ended = failed ? "failed" : verdict.phase() == Judge.RunPhase.ERROR ? "ended in Error" : "ended Inconclusive";
        var report = new IncidentService.Report("Analysis of " + analysis.service + " " + ended + ": " + verdict.message(),
                now, signals(analysis, all), Incident.Source.ANALYSIS, analysis.id, "analysis",
                failed ? null : "analysis " + analysis.id + " " + ended + " (" + verdict.message() + ")");
        return incidents.report(report).invoke(incident -> analysis.incidentId = incident.id).replaceWithVoid();
    }

    /** The incident's signals: the analysis' template, with each measured signal's latest value and baseline. */
    static Signals signals(Analysis analysis, List<Measurement> all) {
        AnalysisSpec spec = analysis.spec;
        AnalysisSpec.IncidentTemplate t = spec.incident() != null ? spec.incident()
                : new AnalysisSpec.IncidentTemplate(null, null, null, null, null, null, null, null, null);
        Double errorRate = null;
        Double baselineErrorRate = null;
        Double latency = null;
        for (AnalysisSpec.Metric metric : spec.metrics()) {
            if (metric.signal() == null) {
                continue;
            }
            Measurement latest = all.stream().filter(m -> m.metric.equals(metric.name()) && m.value != null)
                    .reduce((a, b) -> b).orElse(null);
            if (latest == null) {
                continue;
            }
            if (metric.signal() == AnalysisSpec.MeasuredSignal.ERROR_RATE_PERCENT) {
                errorRate = Math.min(100, Math.max(0, latest.value));
                baselineErrorRate = latest.baseline == null ? null : Math.min(100, Math.max(0, latest.baseline));
            } else {
                latency = latest.value;
            }
        }
        return new Signals(analysis.service, spec.release(), t.severity(), t.usersAffectedPercent(), t.timeToFixMinutes(),
                t.dataMigration(), t.openIssues(), t.workaround(), errorRate, baselineErrorRate, latency, null, null, null,
                null, t.featureFlagged(), t.blueGreen(), t.database());
    }

    /** Why a measurement could not be taken, in words a viewer may read: never a Java class name or a credential. */
    static String message(Throwable e) {
        if (e instanceof PrometheusClient.QueryFailed || e instanceof WebMetric.Failed
                || e instanceof WebMetric.SecretUnresolved) {
            return PeerText.safe(e.getMessage());
        }
        if (e.getClass().getSimpleName().contains("Timeout")) {
            return "Prometheus did not answer in time";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return "Prometheus is unreachable (connection refused)";
            }
        }
        LOG.warnf(e, "Prometheus could not be asked");
        return "Prometheus is unreachable or its answer could not be read (the log has the cause)";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
