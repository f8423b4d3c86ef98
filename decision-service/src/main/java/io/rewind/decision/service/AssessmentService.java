package io.rewind.decision.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import io.rewind.decision.Policy;
import io.rewind.decision.PolicyVersion;
import io.rewind.decision.client.BackupClient;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.BackupReadiness;
import io.rewind.decision.engine.DecisionEngine;
import io.rewind.decision.engine.Signals;

/**
 * Scores signals with the service's policy in force, asking backup-service only when a restore is on the table
 * (an irreversible migration of a named database).
 */
@ApplicationScoped
public class AssessmentService {

    private final PolicyService policies;
    private final BackupClient backups;

    public AssessmentService(PolicyService policies, BackupClient backups) {
        this.policies = policies;
        this.backups = backups;
    }

    /** An assessment with the policy version it applied. */
    public record Scored(PolicyVersion policy, Assessment assessment) {
    }

    public Uni<Scored> assess(Signals signals) {
        return assess(signals, null);
    }

    /** @param escalation why a human decides whatever the signals say (see {@link DecisionEngine#assess}); or null */
    public Uni<Scored> assess(Signals signals, String escalation) {
        return policies.current(signals.service()).flatMap(policy -> backupFor(signals, policy.rules)
                .map(backup -> new Scored(policy, DecisionEngine.assess(signals, policy.rules, backup, escalation))));
    }

    private Uni<BackupReadiness> backupFor(Signals signals, Policy policy) {
        if (signals.dataMigration() != Signals.DataMigration.IRREVERSIBLE) {
            return Uni.createFrom().item(BackupReadiness.notAsked("no irreversible migration: no restore considered"));
        }
        if (signals.database() == null) {
            return Uni.createFrom().item(BackupReadiness.notAsked(
                    "no database named in the signals ('database'): cannot look for a verified backup"));
        }
        return backups.readinessOrReason(signals.database(), policy.maxBackupAgeHours());
    }
}
