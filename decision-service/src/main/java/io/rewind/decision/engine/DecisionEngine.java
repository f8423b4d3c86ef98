package io.rewind.decision.engine;

import static io.rewind.decision.engine.CriterionGroup.DATA;
import static io.rewind.decision.engine.CriterionGroup.ESCALATION;
import static io.rewind.decision.engine.CriterionGroup.GUARD;
import static io.rewind.decision.engine.CriterionGroup.MATRIX;
import static io.rewind.decision.engine.CriterionGroup.REQUIRED;
import static io.rewind.decision.engine.CriterionGroup.SCORE;
import static io.rewind.decision.engine.CriterionGroup.TRIGGER;
import static io.rewind.decision.engine.Wording.duration;
import static io.rewind.decision.engine.Wording.level;
import static io.rewind.decision.engine.Wording.num;
import static io.rewind.decision.engine.Wording.pct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.Decision;
import io.rewind.common.Severity;
import io.rewind.decision.Policy;
import io.rewind.decision.engine.Assessment.Approval;
import io.rewind.decision.engine.Assessment.Strategy;
import io.rewind.decision.engine.Assessment.StrategyKind;
import io.rewind.decision.engine.Signals.DataMigration;
import io.rewind.decision.engine.Signals.Workaround;

/**
 * Decides what to do about a bad release, as the runbooks do by hand, and says why criterion by criterion.
 * A pure function: no I/O, no clock, no Quarkus. The order of precedence, strongest first:
 * <ol>
 * <li>Missing required signals (severity, users affected, data migration): INCONCLUSIVE, a human decides. So is an
 * incident escalated by its reporter (an analysis that ended Inconclusive or in Error): the engine still says what
 * the signals alone would decide.</li>
 * <li>An irreversible migration: a code rollback would leave the schema behind, so the engine restores the database
 * (when a verified backup young enough exists and the incident warrants rolling back) or fixes forward. A restore
 * loses the writes since the backup, so an on-call lead signs it off even for an immediate trigger.</li>
 * <li>An immediate trigger (crash, data corruption, security breach, error rate above the rollback threshold, P0 for
 * all users): ROLLBACK whatever else the signals say, with the approval of a critical (P0) incident when the policy
 * says so (the runbooks': none, post-mortem after). Signals that contradict the trigger (a crash at a low error rate,
 * data corruption on a P3) are stated on the decision and in the post-mortem; they never turn it into a wait.</li>
 * <li>An impact score above the threshold: ROLLBACK.</li>
 * <li>No-rollback rules: cosmetic issues (MONITOR), minor issues with an easy workaround (WORKAROUND), and latency
 * degradation below the tolerable threshold as the only symptom (MONITOR).</li>
 * <li>Otherwise the decision matrix votes, with each conditional trigger as one more vote for rolling back: more
 * votes to roll back → ROLLBACK; more to fix forward → FIX_FORWARD (WORKAROUND when one is easy); a tie →
 * INCONCLUSIVE.</li>
 * </ol>
 */
public final class DecisionEngine {

    private DecisionEngine() {
    }

    public static Assessment assess(Signals s, Policy p, BackupReadiness backup) {
        return assess(s, p, backup, null);
    }

    /**
     * @param escalation why the reporter hands this incident to a human whatever the signals say (an analysis that
     *        ended Inconclusive or in Error); null when it does not
     */
    public static Assessment assess(Signals s, Policy p, BackupReadiness backup, String escalation) {
        return new Evaluation(s, p, backup == null ? BackupReadiness.notAsked("backup readiness not provided") : backup,
                escalation).run();
    }

    /** One evaluation's working state; discarded after {@link #run()}. */
    private static final class Evaluation {
        private final Signals s;
        private final Policy p;
        private final BackupReadiness backup;
        private final String escalation;
        private final List<Criterion> criteria = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();
        private final List<String> contradictions = new ArrayList<>();
        private final List<String> immediate = new ArrayList<>();
        private final List<String> conditional = new ArrayList<>();
        private Double score;

        Evaluation(Signals s, Policy p, BackupReadiness backup, String escalation) {
            this.s = s;
            this.p = p;
            this.backup = backup;
            this.escalation = escalation;
        }

        Assessment run() {
            required();
            impactScore();
            triggers();
            matrix();
            guards();
            if (s.dataMigration() == DataMigration.IRREVERSIBLE) {
                backupCriterion();
            }
            Assessment decided = decide();
            if (escalation == null) {
                return decided;
            }
            add("escalation", ESCALATION, null, Verdict.INCONCLUSIVE, escalation + ": a human decides");
            return inconclusive(escalation + "; on the signals alone the engine would decide " + decided.decision(),
                    s.severity() == null ? null : new Rule(p.approvals().get(s.severity())));
        }

        private void add(String name, CriterionGroup group, Object value, Verdict verdict, String reason) {
            criteria.add(new Criterion(name, group, value, verdict, reason));
        }

        private void required() {
            if (s.severity() == null) {
                missing.add("severity");
            }
            if (s.usersAffectedPercent() == null) {
                missing.add("usersAffectedPercent");
            }
            if (s.dataMigration() == null) {
                missing.add("dataMigration");
            }
            for (String name : missing) {
                add(name, REQUIRED, null, Verdict.INCONCLUSIVE, switch (name) {
                    case "severity" -> "severity (P0..P3) was not reported; it weighs the impact and picks the approver";
                    case "usersAffectedPercent" -> "the share of users affected was not reported; without it there is no impact score";
                    default -> "whether the release migrated data (NONE, REVERSIBLE, IRREVERSIBLE) was not reported;"
                            + " a code rollback over an irreversible migration can lose data";
                });
            }
            boolean severe = s.is(s.crash()) || s.is(s.dataCorruption()) || s.is(s.securityBreach());
            if (s.is(s.crash()) && s.errorRatePercent() != null && s.errorRatePercent() < p.errorRateEvaluateFromPercent()) {
                contradictions.add("a crash was reported, yet the error rate is " + pct(s.errorRatePercent())
                        + ", below " + pct(p.errorRateEvaluateFromPercent()));
            }
            if (severe && s.severity() == Severity.P3) {
                contradictions.add("severity P3 (Low) contradicts a reported " + severeSignals());
            }
            if (severe && s.is(s.cosmetic())) {
                contradictions.add("a cosmetic issue contradicts a reported " + severeSignals());
            }
            // Every contradiction involves an immediate trigger, which decides: it is stated, never waited on.
            for (String contradiction : contradictions) {
                add("consistency", REQUIRED, null, Verdict.NEUTRAL, contradiction
                        + ": the immediate trigger decides; check the signals in the post-mortem");
            }
        }

        private String severeSignals() {
            List<String> names = new ArrayList<>();
            if (s.is(s.crash())) {
                names.add("crash");
            }
            if (s.is(s.dataCorruption())) {
                names.add("data corruption");
            }
            if (s.is(s.securityBreach())) {
                names.add("security breach");
            }
            return String.join(" and ", names);
        }

        private void impactScore() {
            if (s.severity() == null || s.usersAffectedPercent() == null) {
                add("impactScore", SCORE, null, Verdict.NEUTRAL, "needs both severity and usersAffectedPercent");
                return;
            }
            int weight = p.severityWeights().get(s.severity());
            score = s.usersAffectedPercent() * weight;
            boolean above = score > p.rollbackScoreAbove();
            add("impactScore", SCORE, score, above ? Verdict.ROLLBACK : Verdict.NEUTRAL,
                    pct(s.usersAffectedPercent()) + " of users x " + s.severity() + " weight " + weight + " = " + num(score)
                            + (above ? " > " + num(p.rollbackScoreAbove()) + ": rollback recommended"
                                    : ", not above " + num(p.rollbackScoreAbove())));
        }

        private void triggers() {
            flag("crash", s.crash(), "the application crashes or is unavailable");
            flag("dataCorruption", s.dataCorruption(), "data corruption detected");
            flag("securityBreach", s.securityBreach(), "a security breach was discovered");
            errorRate();
            latency();
            if (s.severity() == Severity.P0 && s.usersAffectedPercent() != null && s.usersAffectedPercent() >= 100) {
                immediate.add("P0 for all users");
                add("p0AllUsers", TRIGGER, true, Verdict.ROLLBACK, "a P0 affecting all users: immediate rollback");
            } else if ((s.severity() == Severity.P0 || s.severity() == Severity.P1) && s.usersAffectedPercent() != null) {
                conditional.add("high severity on a subset of users");
                add("highSeverityOnSubset", TRIGGER, s.severity().name(), Verdict.ROLLBACK,
                        s.severity() + " (" + s.severity().label() + ") on " + pct(s.usersAffectedPercent())
                                + " of users: conditional, counts for rolling back");
            }
        }

        private void flag(String name, Boolean value, String meaning) {
            if (Boolean.TRUE.equals(value)) {
                immediate.add(name);
                add(name, TRIGGER, true, Verdict.ROLLBACK, meaning + ": immediate rollback");
            } else {
                add(name, TRIGGER, value, Verdict.NEUTRAL, value == null ? "not reported" : "reported: no");
            }
        }

        private void errorRate() {
            Double rate = s.errorRatePercent();
            if (rate == null) {
                add("errorRate", TRIGGER, null, Verdict.NEUTRAL, "not reported");
                return;
            }
            String baseline = "";
            if (s.baselineErrorRatePercent() != null) {
                double base = s.baselineErrorRatePercent();
                baseline = base > 0 ? " (baseline " + pct(base) + ", " + num(rate / base) + "x)"
                        : " (baseline " + pct(base) + ")";
            }
            if (rate > p.errorRateRollbackAbovePercent()) {
                immediate.add("error rate " + pct(rate));
                add("errorRate", TRIGGER, rate, Verdict.ROLLBACK, pct(rate) + baseline + " > "
                        + pct(p.errorRateRollbackAbovePercent()) + ": immediate rollback");
            } else if (rate >= p.errorRateEvaluateFromPercent()) {
                conditional.add("error rate " + pct(rate));
                add("errorRate", TRIGGER, rate, Verdict.ROLLBACK, pct(rate) + baseline + " is within "
                        + pct(p.errorRateEvaluateFromPercent()) + "-" + pct(p.errorRateRollbackAbovePercent())
                        + ": conditional, counts for rolling back");
            } else {
                add("errorRate", TRIGGER, rate, Verdict.NEUTRAL, pct(rate) + baseline + " is below "
                        + pct(p.errorRateEvaluateFromPercent()) + ": no trigger");
            }
        }

        private void latency() {
            Double degradation = s.latencyDegradationPercent();
            if (degradation == null) {
                add("latencyDegradation", TRIGGER, null, Verdict.NEUTRAL, "not reported");
            } else if (degradation > p.latencyDegradationEvaluateAbovePercent()) {
                conditional.add("latency +" + pct(degradation));
                add("latencyDegradation", TRIGGER, degradation, Verdict.ROLLBACK, "+" + pct(degradation) + " > +"
                        + pct(p.latencyDegradationEvaluateAbovePercent()) + ": conditional, counts for rolling back");
            } else if (degradation < p.latencyDegradationTolerableBelowPercent()) {
                add("latencyDegradation", TRIGGER, degradation, Verdict.MONITOR, "+" + pct(degradation) + " < +"
                        + pct(p.latencyDegradationTolerableBelowPercent()) + ": tolerable, no reason to roll back");
            } else {
                add("latencyDegradation", TRIGGER, degradation, Verdict.NEUTRAL, "+" + pct(degradation) + " is between +"
                        + pct(p.latencyDegradationTolerableBelowPercent()) + " and +"
                        + pct(p.latencyDegradationEvaluateAbovePercent()) + ": watch it");
            }
        }

        private void matrix() {
            if (s.severity() == null) {
                add("severity", MATRIX, null, Verdict.NEUTRAL, "not reported");
            } else if (s.severity() == Severity.P0 || s.severity() == Severity.P1) {
                add("severity", MATRIX, s.severity().name(), Verdict.ROLLBACK, s.severity() + " (" + s.severity().label()
                        + "): high severity favours rolling back");
            } else {
                add("severity", MATRIX, s.severity().name(), Verdict.FIX_FORWARD, s.severity() + " ("
                        + s.severity().label() + "): low severity favours fixing forward");
            }

            Double users = s.usersAffectedPercent();
            double many = p.usersAffectedManyAbovePercent();
            if (users == null) {
                add("usersAffected", MATRIX, null, Verdict.NEUTRAL, "not reported");
            } else if (users > many) {
                add("usersAffected", MATRIX, users, Verdict.ROLLBACK, pct(users) + " > " + pct(many) + ": widespread");
            } else if (users < many) {
                add("usersAffected", MATRIX, users, Verdict.FIX_FORWARD, pct(users) + " < " + pct(many) + ": a small subset");
            } else {
                add("usersAffected", MATRIX, users, Verdict.NEUTRAL, "exactly " + pct(many) + ": neither way");
            }

            Integer fix = s.timeToFixMinutes();
            if (fix == null) {
                add("timeToFix", MATRIX, null, Verdict.NEUTRAL, "not reported");
            } else if (fix > p.timeToFixLongAboveMinutes()) {
                add("timeToFix", MATRIX, fix, Verdict.ROLLBACK, fix + " min > " + p.timeToFixLongAboveMinutes()
                        + " min: the fix takes too long to wait for");
            } else if (fix < p.timeToFixShortBelowMinutes()) {
                add("timeToFix", MATRIX, fix, Verdict.FIX_FORWARD, fix + " min < " + p.timeToFixShortBelowMinutes()
                        + " min: a quick fix beats a rollback");
            } else {
                add("timeToFix", MATRIX, fix, Verdict.NEUTRAL, fix + " min is between " + p.timeToFixShortBelowMinutes()
                        + " and " + p.timeToFixLongAboveMinutes() + " min: neither way");
            }

            DataMigration migration = s.dataMigration();
            if (migration == null) {
                add("dataMigration", MATRIX, null, Verdict.NEUTRAL, "not reported");
            } else if (migration == DataMigration.IRREVERSIBLE) {
                add("dataMigration", MATRIX, migration.name(), Verdict.FIX_FORWARD,
                        "irreversible: rolling the code back would leave a schema the old version may not read");
            } else {
                add("dataMigration", MATRIX, migration.name(), Verdict.ROLLBACK, migration == DataMigration.NONE
                        ? "no data migration: the previous version runs as it did" : "reversible: a reviewed down-migration undoes it");
            }

            Integer issues = s.openIssues();
            if (issues == null) {
                add("stability", MATRIX, null, Verdict.NEUTRAL, "openIssues not reported");
            } else if (issues > 1) {
                add("stability", MATRIX, issues, Verdict.ROLLBACK, issues + " issues: several problems favour rolling back");
            } else if (issues == 1) {
                add("stability", MATRIX, issues, Verdict.FIX_FORWARD, "a single issue: contained");
            } else {
                add("stability", MATRIX, issues, Verdict.NEUTRAL, "no open issue reported");
            }

            Workaround workaround = s.workaround();
            if (workaround == null) {
                add("workaround", MATRIX, null, Verdict.NEUTRAL, "not reported");
            } else if (workaround == Workaround.EASY) {
                add("workaround", MATRIX, workaround.name(), Verdict.FIX_FORWARD, "an easy workaround exists");
            } else {
                add("workaround", MATRIX, workaround.name(), Verdict.ROLLBACK, "no workaround: users stay blocked until it is undone");
            }
        }

        private void guards() {
            if (s.is(s.cosmetic())) {
                add("cosmetic", GUARD, true, Verdict.MONITOR, "cosmetic only: no rollback");
            }
            if (minorWithWorkaround()) {
                add("minorWithWorkaround", GUARD, true, Verdict.WORKAROUND, s.severity() + " (" + s.severity().label()
                        + ") with an easy workaround: no rollback");
            }
        }

        private boolean minorWithWorkaround() {
            return (s.severity() == Severity.P2 || s.severity() == Severity.P3) && s.workaround() == Workaround.EASY;
        }

        private void backupCriterion() {
            String name = "verifiedBackup";
            switch (backup.state()) {
                case READY -> add(name, DATA, backup.backupId(), Verdict.NEUTRAL, "verified backup " + backup.backupId() + ", "
                        + duration(backup.newestVerifiedAge()) + " old (the writes a restore loses)"
                        + (backup.lastRestoreDuration() == null ? "" : "; its last restore took " + duration(backup.lastRestoreDuration())));
                case NOT_READY -> add(name, DATA, null, Verdict.FIX_FORWARD, "no restorable backup: " + String.join("; ", backup.reasons()));
                case UNREACHABLE -> add(name, DATA, null, Verdict.FIX_FORWARD,
                        "backup-service could not be asked (" + String.join("; ", backup.reasons()) + "): no restore can be proposed");
                case NOT_ASKED -> add(name, DATA, null, Verdict.FIX_FORWARD, String.join("; ", backup.reasons()));
            }
        }

        private Assessment decide() {
            Rule severityRule = s.severity() == null ? null : new Rule(p.approvals().get(s.severity()));
            if (!missing.isEmpty()) {
                return inconclusive("missing " + String.join(", ", missing), severityRule);
            }
            boolean strong = !immediate.isEmpty() || score > p.rollbackScoreAbove();

            if (s.dataMigration() == DataMigration.IRREVERSIBLE) {
                if (strong && backup.state() == BackupReadiness.State.READY) {
                    Strategy restore = new Strategy(StrategyKind.DATABASE_ROLLBACK, StrategyKind.DATABASE_ROLLBACK.expected(),
                            List.of("STOP_WRITES", "PRE_ROLLBACK_BACKUP", "REVERT_DEPLOYMENT"),
                            "the release migrated data irreversibly: restore backup " + backup.backupId()
                                    + ", then redeploy the previous version");
                    Approval approval = atLeast(severityRule, ApprovalLevel.ON_CALL_LEAD,
                            "a restore loses the writes since the backup: a human signs it off");
                    return result(Decision.ROLLBACK, approval, restore, backup.newestVerifiedAge(),
                            strongReason() + "; the migration is irreversible, so restore the verified backup");
                }
                String why = strong ? strongReason() + ", but the migration is irreversible and no verified backup can be restored"
                        : "the migration is irreversible and the impact does not warrant a restore";
                return result(nonRollback(Decision.FIX_FORWARD), none(severityRule), null, null, why);
            }
            if (!immediate.isEmpty()) {
                Approval approval = p.immediateRollbackWithoutApproval() ? critical() : rule(severityRule);
                return result(Decision.ROLLBACK, approval, strategy(), null, strongReason());
            }
            if (score > p.rollbackScoreAbove()) {
                return result(Decision.ROLLBACK, rule(severityRule), strategy(), null, strongReason());
            }
            if (s.is(s.cosmetic())) {
                return result(Decision.MONITOR, none(severityRule), null, null, "a cosmetic issue does not warrant a rollback");
            }
            if (minorWithWorkaround() && conditional.isEmpty()) {
                return result(Decision.WORKAROUND, none(severityRule), null, null,
                        "a minor issue with an easy workaround: apply it and fix forward");
            }
            boolean onlyTolerableLatency = s.latencyDegradationPercent() != null
                    && s.latencyDegradationPercent() < p.latencyDegradationTolerableBelowPercent()
                    && conditional.isEmpty();
            if (onlyTolerableLatency) {
                return result(Decision.MONITOR, none(severityRule), null, null,
                        "degradation below +" + pct(p.latencyDegradationTolerableBelowPercent()) + " and no trigger: watch it");
            }

            long forRollback = criteria.stream().filter(c -> c.group().equals(MATRIX) && c.verdict() == Verdict.ROLLBACK).count()
                    + conditional.size();
            long forFixing = criteria.stream().filter(c -> c.group().equals(MATRIX) && c.verdict() == Verdict.FIX_FORWARD).count();
            String tally = forRollback + " for rolling back (matrix" + (conditional.isEmpty() ? "" : " and "
                    + String.join(", ", conditional)) + ") against " + forFixing + " for fixing forward";
            if (forRollback > forFixing) {
                return result(Decision.ROLLBACK, rule(severityRule), strategy(), null, "impact " + num(score)
                        + " is not above " + num(p.rollbackScoreAbove()) + ", but the matrix says roll back: " + tally);
            }
            if (forFixing > forRollback) {
                return result(nonRollback(Decision.FIX_FORWARD), none(severityRule), null, null, "the matrix says fix forward: " + tally);
            }
            return inconclusive("the matrix is split: " + tally, severityRule);
        }

        /** FIX_FORWARD becomes WORKAROUND when an easy workaround contains the impact meanwhile. */
        private Decision nonRollback(Decision decision) {
            return decision == Decision.FIX_FORWARD && s.workaround() == Workaround.EASY ? Decision.WORKAROUND : decision;
        }

        private String strongReason() {
            List<String> reasons = new ArrayList<>(immediate.stream().map(t -> "immediate trigger: " + t).toList());
            if (score != null && score > p.rollbackScoreAbove()) {
                reasons.add("impact " + num(score) + " > " + num(p.rollbackScoreAbove()));
            }
            return String.join("; ", reasons);
        }

        private Strategy strategy() {
            List<String> also = s.dataMigration() == DataMigration.REVERSIBLE && !s.is(s.featureFlagged())
                    ? List.of("DOWN_MIGRATION")
                    : List.of();
            if (s.is(s.featureFlagged())) {
                return new Strategy(StrategyKind.FEATURE_FLAG_DISABLE, StrategyKind.FEATURE_FLAG_DISABLE.expected(), also,
                        "the change is behind a feature flag: turning it off is the least destructive rollback");
            }
            if (s.is(s.blueGreen())) {
                return new Strategy(StrategyKind.BLUE_GREEN_SWITCHBACK, StrategyKind.BLUE_GREEN_SWITCHBACK.expected(), also,
                        "the previous environment still runs: switch traffic back to it");
            }
            return new Strategy(StrategyKind.REVERT_DEPLOYMENT, StrategyKind.REVERT_DEPLOYMENT.expected(), also,
                    "redeploy the previous version" + (s.release() != null && s.release().from() != null
                            ? " (" + s.release().from() + ")" : "")
                            + (also.isEmpty() ? "" : ", after the reviewed down-migration unless it reads the new schema"));
        }

        private Assessment inconclusive(String why, Rule severityRule) {
            Approval approval = atLeast(severityRule, ApprovalLevel.ON_CALL_LEAD, "inconclusive: a human decides");
            return result(Decision.INCONCLUSIVE, approval, null, null, why);
        }

        private Approval rule(Rule severityRule) {
            return new Approval(severityRule.level(), severityRule.within(), s.severity() + " (" + s.severity().label() + "): "
                    + (severityRule.level() == ApprovalLevel.NONE ? "no approval needed"
                            : level(severityRule.level()) + " approves within " + duration(severityRule.within())));
        }

        /** The approval of a critical incident (the policy's P0 rule; the runbooks': none, post-mortem after). */
        private Approval critical() {
            Rule rule = new Rule(p.approvals().get(Severity.P0));
            String trigger = "immediate trigger (" + String.join(", ", immediate) + ")";
            if (rule.level() == ApprovalLevel.NONE) {
                return new Approval(ApprovalLevel.NONE, Duration.ZERO, trigger + ": no approval, post-mortem after");
            }
            return new Approval(rule.level(), rule.within(), trigger + ": approved as a critical incident, "
                    + level(rule.level()) + " within " + duration(rule.within()));
        }

        private Approval atLeast(Rule severityRule, ApprovalLevel floor, String reason) {
            ApprovalLevel level = severityRule == null || severityRule.level().compareTo(floor) < 0 ? floor : severityRule.level();
            Duration within = severityRule == null || severityRule.within().isZero()
                    ? p.approvals().get(Severity.P1).within()
                    : severityRule.within();
            return new Approval(level, within, reason + "; " + level(level) + " within " + duration(within));
        }

        private Approval none(Rule severityRule) {
            return new Approval(ApprovalLevel.NONE, severityRule == null ? Duration.ZERO : severityRule.within(),
                    "nothing is rolled back, so nothing needs approving");
        }

        private Assessment result(Decision decision, Approval approval, Strategy strategy, Duration dataLossWindow, String why) {
            StringBuilder summary = new StringBuilder(decision.name()).append(": ").append(why);
            if (strategy != null) {
                summary.append(". ").append(Wording.strategy(strategy.kind())).append(" (").append(strategy.expectedMinutes().min())
                        .append("-").append(strategy.expectedMinutes().max()).append(" min)");
            }
            if (dataLossWindow != null) {
                summary.append(", losing up to ").append(duration(dataLossWindow)).append(" of writes");
            }
            if (!contradictions.isEmpty() && decision == Decision.ROLLBACK) {
                summary.append(". Contradicting signals, stated for the post-mortem: ").append(String.join("; ", contradictions));
            }
            if (approval.level() != ApprovalLevel.NONE) {
                summary.append(". Needs ").append(level(approval.level())).append(" approval within ")
                        .append(duration(approval.within()));
            }
            summary.append('.');
            return new Assessment(decision, score, approval, strategy, dataLossWindow, summary.toString(), List.copyOf(criteria),
                    List.copyOf(contradictions));
        }
    }

    private record Rule(ApprovalLevel level, Duration within) {
        Rule(Policy.ApprovalRule rule) {
            this(rule.level(), rule.within());
        }
    }
}
