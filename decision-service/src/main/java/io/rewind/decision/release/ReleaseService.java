package io.rewind.decision.release;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.Release;
import io.rewind.decision.analysis.AnalysisService;
import io.rewind.decision.analysis.AnalysisSpec;
import io.rewind.decision.client.BackupClient;
import io.rewind.decision.client.PrometheusClient;
import io.rewind.decision.config.ReleaseConfig;
import io.rewind.decision.engine.BackupReadiness;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.repository.ReleaseRepository;
import io.rewind.decision.service.PolicyService;

/**
 * Records releases and runs seed 003's preflight on them. The checks that can be answered at once (backup-service's
 * readiness, the migration declaration, Prometheus' error rate) are answered before anything is stored; a backup the
 * request asks to take and verify is left to {@link ReleasePreflightJob}, with the release stored first as
 * PREFLIGHT_RUNNING. A failed preflight is recorded (PREFLIGHT_FAILED), unless the request said
 * {@code requirePreflight}: then it is refused with 422 and nothing is stored.
 */
@ApplicationScoped
public class ReleaseService {

    private final ReleaseRepository releases;
    private final PolicyService policies;
    private final BackupClient backups;
    private final PrometheusClient prometheus;
    private final AnalysisService analyses;
    private final ReleaseConfig config;
    private final Validator validator;

    public ReleaseService(ReleaseRepository releases, PolicyService policies, BackupClient backups,
            PrometheusClient prometheus, AnalysisService analyses, ReleaseConfig config, Validator validator) {
        this.releases = releases;
        this.policies = policies;
        this.backups = backups;
        this.prometheus = prometheus;
        this.analyses = analyses;
        this.config = config;
        this.validator = validator;
    }

    public Uni<Release> record(ReleaseSpec spec, String actor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (spec.wantsBackup() && spec.database() == null) {
            errors.add(new Problem.FieldError("database", "must name the database to back up when takeBackup is true"));
        }
        if (spec.analysis() != null) {
            if (spec.analysis().service() != null && !spec.analysis().service().equals(spec.service())) {
                errors.add(new Problem.FieldError("analysis.service", "must be the release's service or left out"));
            }
            errors.addAll(analysisProblems(analysisSpec(spec, spec.lastKnownGood())));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        return policies.current(spec.service()).flatMap(policy -> lastKnownGood(spec)
                .flatMap(lkg -> readiness(spec, policy.rules.maxBackupAgeHours())
                        .flatMap(readiness -> baseline(spec).map(health -> {
                            Preflight.Check backup = PreflightChecks.backup(spec.database(), spec.wantsBackup(), readiness,
                                    policy.rules.maxBackupAgeHours());
                            return new Preflight(List.of(backup,
                                    PreflightChecks.migration(spec.migration(), spec.downMigration(), backup), health));
                        }))
                        .flatMap(preflight -> {
                            if (Boolean.TRUE.equals(spec.requirePreflight()) && preflight.failed()) {
                                return Uni.createFrom().failure(refused(preflight));
                            }
                            return store(spec, lkg, preflight, actor);
                        })));
    }

    private Uni<Release> store(ReleaseSpec spec, String lastKnownGood, Preflight preflight, String actor) {
        OffsetDateTime now = now();
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.service = spec.service();
        release.version = spec.version();
        release.image = spec.image();
        release.commit = spec.commit();
        release.lastKnownGood = lastKnownGood;
        release.migration = spec.migration();
        release.downMigration = blankToNull(spec.downMigration());
        release.featureFlag = blankToNull(spec.featureFlag());
        release.blueGreen = Boolean.TRUE.equals(spec.blueGreen());
        release.database = spec.database();
        release.preflight = preflight;
        release.status = status(preflight);
        if (spec.wantsBackup()) {
            release.backupStage = Release.BackupStage.REQUESTED;
            release.backupDeadline = now.plus(config.backupTimeout());
            release.nextCheckAt = now;
        }
        release.releasedAt = now;
        release.releasedBy = actor;
        release.updatedAt = now;
        // The release and its analysis are stored together: a refused analysis (invalid, or the queue full) stores neither.
        return Panache.withTransaction(() -> releases.persist(release).chain(() -> spec.analysis() == null
                ? Uni.createFrom().item(release)
                : analyses.start(analysisSpec(spec, lastKnownGood), actor).map(started -> {
                    release.analysisId = started.analysis().id;
                    return release;
                })).call(releases::flush));
    }

    /** READY, PREFLIGHT_FAILED, or PREFLIGHT_RUNNING while a check waits for its backup. */
    static Release.Status status(Preflight preflight) {
        if (preflight.failed()) {
            return Release.Status.PREFLIGHT_FAILED;
        }
        return preflight.running() ? Release.Status.PREFLIGHT_RUNNING : Release.Status.READY;
    }

    private static ProblemException refused(Preflight preflight) {
        String failed = String.join("; ", preflight.checks().stream()
                .filter(c -> c.outcome() == Preflight.Outcome.FAILED).map(c -> c.name() + ": " + c.reason()).toList());
        return new ProblemException(Problem.of(ProblemType.CONFLICT, 422,
                "The preflight failed and requirePreflight is true; nothing was stored. " + failed)
                .with("preflight", preflight.checks()));
    }

    /** The version given, else the previous release's version (null for a service's first release). */
    private Uni<String> lastKnownGood(ReleaseSpec spec) {
        if (spec.lastKnownGood() != null) {
            return Uni.createFrom().item(spec.lastKnownGood());
        }
        return Panache.withSession(() -> releases.latest(spec.service())).map(previous -> previous == null ? null
                : previous.version);
    }

    private Uni<BackupReadiness> readiness(ReleaseSpec spec, int maxAgeHours) {
        if (spec.database() == null || spec.wantsBackup()) {
            return Uni.createFrom().nullItem();
        }
        return backups.readinessOrReason(spec.database(), maxAgeHours);
    }

    private Uni<Preflight.Check> baseline(ReleaseSpec spec) {
        String query = spec.baselineQuery() != null && !spec.baselineQuery().isBlank() ? spec.baselineQuery()
                : config.baselineQuery().map(q -> q.replace("$service", spec.service())).orElse(null);
        double max = spec.baselineMaxErrorRatePercent() != null ? spec.baselineMaxErrorRatePercent()
                : config.baselineMaxErrorRatePercent();
        if (query == null) {
            return Uni.createFrom().item(PreflightChecks.healthBaseline(null, null, null, max));
        }
        return prometheus.value(query, null)
                .map(value -> PreflightChecks.healthBaseline(query, value, null, max))
                .onFailure().recoverWithItem(e -> PreflightChecks.healthBaseline(query, null, reason(e), max));
    }

    private static String reason(Throwable e) {
        if (e instanceof PrometheusClient.QueryFailed) {
            return e.getMessage();
        }
        // Shown to every viewer: never a class name or a raw message of an unexpected failure.
        return e.getClass().getSimpleName().contains("Timeout") ? "Prometheus did not answer in time"
                : "Prometheus is unreachable or its answer could not be read";
    }

    /** The request's analysis with the release's service and versions. */
    private static AnalysisSpec analysisSpec(ReleaseSpec spec, String lastKnownGood) {
        AnalysisSpec a = spec.analysis();
        return new AnalysisSpec(spec.service(), new Signals.Release(lastKnownGood, spec.version()), a.interval(),
                a.count(), a.failureLimit(), a.inconclusiveLimit(), a.consecutiveErrorLimit(), a.metrics(), a.incident());
    }

    private List<Problem.FieldError> analysisProblems(AnalysisSpec completed) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<AnalysisSpec> v : validator.validate(completed)) {
            errors.add(new Problem.FieldError("analysis." + v.getPropertyPath(), v.getMessage()));
        }
        if (errors.isEmpty()) {
            AnalysisService.problems(completed)
                    .forEach(e -> errors.add(new Problem.FieldError("analysis." + e.field(), e.message())));
        }
        return errors;
    }

    @WithSession
    public Uni<Release> get(UUID id) {
        return releases.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Release", id));
    }

    @WithSession
    public Uni<List<Release>> history(String service, ListPage page) {
        return releases.history(service, page);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
