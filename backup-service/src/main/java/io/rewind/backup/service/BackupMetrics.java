package io.rewind.backup.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.rewind.backup.Backup;
import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;
import io.rewind.common.problem.ProblemException;

/**
 * Prometheus metrics per registered database: {@code rewind_backup_newest_verified_age_seconds} (NaN while there is
 * none), {@code rewind_backup_last_verification_verified} (1 VERIFIED, 0 FAILED), {@code
 * rewind_backup_last_restore_duration_seconds} (the scratch restore of the newest verification that reached it), and
 * the timers {@code rewind_backup_duration_seconds} and {@code rewind_backup_verification_duration_seconds} by outcome.
 * The age is computed when scraped, so it grows between backups as it should; an alert on it is the point.
 */
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final JobStore jobs;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    public BackupMetrics(MeterRegistry registry, JobStore jobs) {
        this.registry = registry;
        this.jobs = jobs;
    }

    /** Re-reads a database's gauges from the store; blocking, for worker threads. Ignores an unregistered name. */
    public void refresh(String database) {
        JobStore.ReadinessFacts facts = Worker.await(() -> jobs.readinessFacts(database)
                .onFailure(ProblemException.class).recoverWithNull());
        if (facts != null) {
            update(facts);
        }
    }

    /** What the gauges of one database read. */
    private static final class State {
        volatile Instant newestVerified;
        volatile double lastVerification = Double.NaN;
        volatile double lastRestoreSeconds = Double.NaN;
    }

    public void recordBackup(Backup backup) {
        if (backup != null && backup.startedAt != null && backup.endedAt != null) {
            Timer.builder("rewind.backup.duration").description("Time taken by backups, pg_dump and upload")
                    .tag("database", backup.databaseName).tag("status", backup.status.name()).register(registry)
                    .record(Duration.between(backup.startedAt, backup.endedAt));
        }
    }

    public void recordVerification(Verification verification) {
        if (verification != null && verification.startedAt != null && verification.endedAt != null) {
            Timer.builder("rewind.backup.verification.duration").description("Time taken by verifications, all phases")
                    .tag("database", verification.databaseName).tag("status", verification.status.name())
                    .register(registry).record(Duration.between(verification.startedAt, verification.endedAt));
        }
    }

    /** Updates a database's gauges from what readiness reads. */
    public void update(JobStore.ReadinessFacts facts) {
        State state = state(facts.database().name);
        state.newestVerified = facts.newestVerified() == null ? null : facts.newestVerified().startedAt.toInstant();
        if (facts.newestVerification() != null) {
            state.lastVerification = facts.newestVerification().status == VerificationStatus.VERIFIED ? 1 : 0;
        }
        if (facts.newestRestoreMeasured() != null) {
            state.lastRestoreSeconds = facts.newestRestoreMeasured().restoreDurationMs / 1000.0;
        }
    }

    private State state(String database) {
        return states.computeIfAbsent(database, name -> {
            State state = new State();
            Gauge.builder("rewind.backup.newest.verified.age", state, s -> s.newestVerified == null ? Double.NaN
                    : Duration.between(s.newestVerified, OffsetDateTime.now().toInstant()).toMillis() / 1000.0)
                    .description("Age of the newest verified backup (from its snapshot)").baseUnit("seconds")
                    .tag("database", name).register(registry);
            Gauge.builder("rewind.backup.last.verification.verified", state, s -> s.lastVerification)
                    .description("1 when the newest finished verification was VERIFIED, 0 when it FAILED")
                    .tag("database", name).register(registry);
            Gauge.builder("rewind.backup.last.restore.duration", state, s -> s.lastRestoreSeconds)
                    .description("Duration of the newest measured scratch restore").baseUnit("seconds")
                    .tag("database", name).register(registry);
            return state;
        });
    }
}
