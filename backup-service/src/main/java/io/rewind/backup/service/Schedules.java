package io.rewind.backup.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Verification;
import io.rewind.backup.config.BackupConfig;
import io.rewind.common.persistence.Constraints;
import io.rewind.common.secret.SecretResolver;

/**
 * Each registered database's backup and verification crons, as jobs of Quarkus' scheduler named
 * {@code backup:<name>} and {@code verification:<name>}, kept in step with registrations. With several replicas every
 * one fires, and the claim of the fire time (a unique index) lets exactly one run it.
 *
 * <p>Also this process's heartbeat on its jobs, and the sweep that marks jobs of dead processes INTERRUPTED and drops
 * the scratch databases their verifications left.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final Scheduler scheduler;
    private final JobStore jobs;
    private final Worker worker;
    private final BackupRunner backups;
    private final VerificationRunner verifications;
    private final RetentionService retention;
    private final BackupMetrics metrics;
    private final SecretResolver passwords;
    private final BackupConfig config;

    public Schedules(Scheduler scheduler, JobStore jobs, Worker worker, BackupRunner backups,
            VerificationRunner verifications, RetentionService retention, BackupMetrics metrics,
            SecretResolver passwords, BackupConfig config) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.worker = worker;
        this.backups = backups;
        this.verifications = verifications;
        this.retention = retention;
        this.metrics = metrics;
        this.passwords = passwords;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        worker.submit("start-up", () -> {
            sweep();
            for (RegisteredDatabase database : Worker.await(jobs::listDatabases)) {
                schedule(database);
                metrics.refresh(database.name);
            }
        });
    }

    /** (Re)schedules a database's crons, replacing those it had. */
    public void schedule(RegisteredDatabase database) {
        String name = database.name;
        unschedule(name);
        scheduler.newJob(backupJob(name)).setCron(database.backupCron)
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> worker.submit("scheduled backup of " + name,
                        () -> scheduledBackup(name, execution.getScheduledFireTime())))
                .schedule();
        scheduler.newJob(verificationJob(name)).setCron(database.verificationCron)
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> worker.submit("scheduled verification of " + name,
                        () -> scheduledVerification(name, execution.getScheduledFireTime())))
                .schedule();
    }

    public void unschedule(String name) {
        scheduler.unscheduleJob(backupJob(name));
        scheduler.unscheduleJob(verificationJob(name));
    }

    public static String backupJob(String name) {
        return "backup:" + name;
    }

    public static String verificationJob(String name) {
        return "verification:" + name;
    }

    void scheduledBackup(String name, Instant fireTime) {
        Backup backup;
        try {
            backup = Worker.await(() -> jobs.createBackup(name, BackupReason.SCHEDULED, null, claim(fireTime)));
        } catch (RuntimeException e) {
            if (!Constraints.isUniqueViolation(e)) {
                LOG.warnf("scheduled backup of %s not started: %s", name, e.getMessage());
            }
            return;
        }
        backups.run(backup.id);
        retention.apply(name);
    }

    void scheduledVerification(String name, Instant fireTime) {
        Verification verification;
        try {
            verification = Worker.await(() -> jobs.claimScheduledVerification(name, claim(fireTime)));
        } catch (RuntimeException e) {
            if (!Constraints.isUniqueViolation(e)) {
                LOG.warnf("scheduled verification of %s not started: %s", name, e.getMessage());
            }
            return;
        }
        if (verification == null) {
            LOG.infof("scheduled verification of %s: no successful backup to verify", name);
            return;
        }
        verifications.run(verification.id);
    }

    /** Replicas see the same cron fire time; seconds are its precision. */
    private static OffsetDateTime claim(Instant fireTime) {
        return fireTime.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeatAndSweep() {
        Worker.await(jobs::heartbeat);
        sweep();
    }

    @Scheduled(cron = "${rewind.backup.retention-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        retention.applyAll();
    }

    /**
     * Marks INTERRUPTED the jobs whose process stopped reporting more than {@code rewind.backup.stale-after} ago, and
     * drops the scratch databases their verifications may have left. Blocking.
     */
    public void sweep() {
        OffsetDateTime staleBefore = JobStore.now().minus(config.staleAfter());
        for (JobStore.LeftScratch left : Worker.await(() -> jobs.interruptStale(staleBefore))) {
            RegisteredDatabase database = Worker.await(() -> jobs.findDatabase(left.database()));
            if (database == null) {
                LOG.warnf("scratch database %s of unregistered database %s left in place", left.scratchDatabase(),
                        left.database());
                continue;
            }
            try {
                VerificationRunner.dropScratch(BackupRunner.access(database, passwords), config.maintenanceDatabase(),
                        left.scratchDatabase());
            } catch (JobFailure e) {
                LOG.warnf("scratch database %s left in place: %s", left.scratchDatabase(), e.getMessage());
            }
        }
    }
}
