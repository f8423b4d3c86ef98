package io.rewind.decision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.Decision;
import io.rewind.common.Severity;
import io.rewind.decision.Policy;
import io.rewind.decision.engine.Assessment.StrategyKind;
import io.rewind.decision.engine.Signals.DataMigration;
import io.rewind.decision.engine.Signals.Workaround;

/** The runbooks' rules, row by row and at their boundaries. */
class DecisionEngineTest {

    private static final Policy POLICY = Policy.defaults();

    /** A builder over the signals, so each case states only what it changes. */
    record S(String service, Severity severity, Double users, Integer timeToFix, DataMigration migration, Integer openIssues,
            Workaround workaround, Double errorRate, Double baseline, Double latency, Boolean crash, Boolean corruption,
            Boolean breach, Boolean cosmetic, Boolean flagged, Boolean blueGreen) {

        S severity(Severity v) { return new S(service, v, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S users(Double v) { return new S(service, severity, v, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S timeToFix(Integer v) { return new S(service, severity, users, v, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S migration(DataMigration v) { return new S(service, severity, users, timeToFix, v, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S openIssues(Integer v) { return new S(service, severity, users, timeToFix, migration, v, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S workaround(Workaround v) { return new S(service, severity, users, timeToFix, migration, openIssues, v, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S errorRate(Double v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, v, baseline, latency, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S latency(Double v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, v, crash, corruption, breach, cosmetic, flagged, blueGreen); }
        S crash(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, v, corruption, breach, cosmetic, flagged, blueGreen); }
        S corruption(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, v, breach, cosmetic, flagged, blueGreen); }
        S breach(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, v, cosmetic, flagged, blueGreen); }
        S cosmetic(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, v, flagged, blueGreen); }
        S flagged(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, v, blueGreen); }
        S blueGreen(Boolean v) { return new S(service, severity, users, timeToFix, migration, openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged, v); }

        Signals signals() {
            return new Signals(service, new Signals.Release("v1.4.2", "v1.5.0"), severity, users, timeToFix, migration,
                    openIssues, workaround, errorRate, baseline, latency, crash, corruption, breach, cosmetic, flagged,
                    blueGreen, "shop");
        }

        @Override
        public String toString() {
            return severity + " " + users + "% fix=" + timeToFix + " " + migration + " issues=" + openIssues + " "
                    + workaround + " err=" + errorRate + " lat=" + latency + (Boolean.TRUE.equals(crash) ? " crash" : "")
                    + (Boolean.TRUE.equals(corruption) ? " corruption" : "") + (Boolean.TRUE.equals(breach) ? " breach" : "")
                    + (Boolean.TRUE.equals(cosmetic) ? " cosmetic" : "");
        }
    }

    /** A minor incident the matrix fixes forward: 4 votes (severity, users, time to fix, stability) to 2. */
    static final S MINOR = new S("checkout", Severity.P3, 5.0, 10, DataMigration.NONE, 1, Workaround.NONE, null, null, null,
            null, null, null, null, null, null);

    /** DESIGN.md's worked example. */
    static final S CHECKOUT = new S("checkout", Severity.P1, 20.0, 90, DataMigration.NONE, 1, Workaround.NONE, 12.5, 0.4, 0.0,
            false, false, false, null, null, null);

    private static Assessment assess(S s) {
        return DecisionEngine.assess(s.signals(), POLICY, BackupReadiness.notAsked("not needed"));
    }

    private static Criterion criterion(Assessment a, String name) {
        return a.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + name + " in " + a.criteria()));
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // Impact score: rollback recommended strictly above 50 (P2 weighs 2).
                Arguments.of(MINOR.severity(Severity.P2).users(25.0).workaround(Workaround.EASY), Decision.WORKAROUND),
                Arguments.of(MINOR.severity(Severity.P2).users(25.5).workaround(Workaround.EASY), Decision.ROLLBACK),
                // Error rate: 1% and 10% are conditional, above 10% immediate.
                Arguments.of(MINOR.errorRate(0.99), Decision.FIX_FORWARD),
                Arguments.of(MINOR.errorRate(1.0), Decision.FIX_FORWARD),
                Arguments.of(MINOR.errorRate(10.0), Decision.FIX_FORWARD),
                Arguments.of(MINOR.errorRate(10.1), Decision.ROLLBACK),
                // Latency: below 20% only is tolerable; 20% is not below it; above 50% is a conditional trigger.
                Arguments.of(MINOR.latency(19.9), Decision.MONITOR),
                Arguments.of(MINOR.latency(20.0), Decision.FIX_FORWARD),
                Arguments.of(MINOR.latency(50.0), Decision.FIX_FORWARD),
                Arguments.of(MINOR.timeToFix(30).openIssues(0).latency(50.1), Decision.ROLLBACK),
                // Immediate triggers.
                Arguments.of(MINOR.severity(Severity.P2).crash(true), Decision.ROLLBACK),
                Arguments.of(MINOR.severity(Severity.P2).corruption(true), Decision.ROLLBACK),
                Arguments.of(MINOR.severity(Severity.P2).breach(true), Decision.ROLLBACK),
                Arguments.of(MINOR.severity(Severity.P0).users(100.0), Decision.ROLLBACK),
                // No-rollback rules.
                Arguments.of(MINOR.cosmetic(true), Decision.MONITOR),
                Arguments.of(MINOR.workaround(Workaround.EASY), Decision.WORKAROUND),
                // The matrix: high severity on a subset tips a below-threshold incident into a rollback.
                Arguments.of(MINOR.severity(Severity.P1).users(9.0).timeToFix(120).openIssues(3), Decision.ROLLBACK),
                // A split matrix (2 to 2) is for a human to decide.
                Arguments.of(MINOR.timeToFix(30).openIssues(0), Decision.INCONCLUSIVE),
                Arguments.of(MINOR.timeToFix(30).openIssues(0).workaround(Workaround.EASY).severity(Severity.P1), Decision.ROLLBACK),
                // DESIGN.md's example.
                Arguments.of(CHECKOUT, Decision.ROLLBACK));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("decisions")
    void decides(S signals, Decision expected) {
        Assessment a = assess(signals);
        assertEquals(expected, a.decision(), a.summary());
        assertTrue(a.summary().startsWith(expected.name() + ": "), a.summary());
        assertTrue(a.criteria().stream().allMatch(c -> c.reason() != null && !c.reason().isBlank()), "every criterion says why");
    }

    /** DESIGN.md's worked example has the severity's approver sign off an immediate trigger: that policy, not the default. */
    private static final Policy DESIGN_EXAMPLE = with(POLICY, false, POLICY.rollbackScoreAbove());

    @Test
    void theWorkedExampleOfTheDesign() {
        Assessment a = DecisionEngine.assess(CHECKOUT.signals(), DESIGN_EXAMPLE, BackupReadiness.notAsked("not needed"));
        assertEquals(Decision.ROLLBACK, a.decision());
        assertEquals(100.0, a.impactScore());
        assertEquals(ApprovalLevel.ON_CALL_LEAD, a.approval().level());
        assertEquals(Duration.ofMinutes(15), a.approval().within());
        assertEquals(StrategyKind.REVERT_DEPLOYMENT, a.strategy().kind());
        assertEquals(5, a.strategy().expectedMinutes().min());
        assertEquals(15, a.strategy().expectedMinutes().max());
        Criterion score = criterion(a, "impactScore");
        assertEquals(Verdict.ROLLBACK, score.verdict());
        assertTrue(score.reason().startsWith("20% of users x P1 weight 5 = 100 > 50"), score.reason());
        Criterion errors = criterion(a, "errorRate");
        assertEquals(Verdict.ROLLBACK, errors.verdict());
        assertTrue(errors.reason().contains("baseline 0.4%") && errors.reason().contains("immediate"), errors.reason());
    }

    @Test
    void errorRateBoundariesAreNamedInTheCriterion() {
        assertEquals(Verdict.NEUTRAL, criterion(assess(MINOR.errorRate(0.99)), "errorRate").verdict());
        assertTrue(criterion(assess(MINOR.errorRate(1.0)), "errorRate").reason().contains("conditional"));
        assertTrue(criterion(assess(MINOR.errorRate(10.0)), "errorRate").reason().contains("conditional"));
        assertTrue(criterion(assess(MINOR.errorRate(10.1)), "errorRate").reason().contains("10.1% > 10%: immediate"));
    }

    @Test
    void approvalFollowsTheSeverityMatrix() {
        S rollback = MINOR.users(60.0).timeToFix(120).openIssues(3);
        Assessment p0 = assess(rollback.severity(Severity.P0));
        assertEquals(ApprovalLevel.NONE, p0.approval().level(), "critical: none, post-mortem after");
        Assessment p1 = assess(rollback.severity(Severity.P1));
        assertEquals(ApprovalLevel.ON_CALL_LEAD, p1.approval().level());
        assertEquals(Duration.ofMinutes(15), p1.approval().within());
        Assessment p2 = assess(rollback.severity(Severity.P2));
        assertEquals(ApprovalLevel.TEAM_LEAD, p2.approval().level());
        assertEquals(Duration.ofHours(1), p2.approval().within());
        Assessment p3 = assess(rollback.severity(Severity.P3));
        assertEquals(Decision.ROLLBACK, p3.decision(), p3.summary());
        assertEquals(ApprovalLevel.NONE, p3.approval().level());
    }

    @Test
    void immediateTriggersAreApprovedAsCriticalIncidents() {
        S crash = MINOR.severity(Severity.P1).users(5.0).crash(true);
        Assessment a = assess(crash);
        assertEquals(Decision.ROLLBACK, a.decision());
        assertEquals(ApprovalLevel.NONE, a.approval().level(), "seed 004: Immediate Rollback (No Approval Needed)");
        assertTrue(a.approval().reason().contains("post-mortem after"), a.approval().reason());

        Policy severityApproves = with(POLICY, false, POLICY.rollbackScoreAbove());
        assertEquals(ApprovalLevel.ON_CALL_LEAD, DecisionEngine.assess(crash.signals(), severityApproves, null).approval().level());

        java.util.Map<Severity, Policy.ApprovalRule> approvals = new java.util.EnumMap<>(POLICY.approvals());
        approvals.put(Severity.P0, new Policy.ApprovalRule(ApprovalLevel.ON_CALL_LEAD, Duration.ofMinutes(5)));
        Policy criticalNeedsALead = new Policy(POLICY.severityWeights(), POLICY.rollbackScoreAbove(),
                POLICY.errorRateRollbackAbovePercent(), POLICY.errorRateEvaluateFromPercent(),
                POLICY.latencyDegradationEvaluateAbovePercent(), POLICY.latencyDegradationTolerableBelowPercent(),
                POLICY.usersAffectedManyAbovePercent(), POLICY.timeToFixLongAboveMinutes(), POLICY.timeToFixShortBelowMinutes(),
                approvals, true, POLICY.autoRollback(), POLICY.maxBackupAgeHours(), POLICY.plans());
        Assessment lead = DecisionEngine.assess(MINOR.corruption(true).signals(), criticalNeedsALead, null);
        assertEquals(ApprovalLevel.ON_CALL_LEAD, lead.approval().level(), "a P3 with corruption is approved as a P0");
        assertEquals(Duration.ofMinutes(5), lead.approval().within());
    }

    /** What else the signals say, each against every immediate trigger: none of it turns the rollback into a wait. */
    static Stream<Arguments> immediateTriggersWin() {
        List<UnaryOperator<S>> triggers = List.of(s -> s.crash(true), s -> s.corruption(true), s -> s.breach(true),
                s -> s.errorRate(10.5));
        List<UnaryOperator<S>> against = List.of(s -> s, s -> s.severity(Severity.P3), s -> s.cosmetic(true),
                s -> s.workaround(Workaround.EASY), s -> s.errorRate(s.errorRate() == null ? 0.1 : s.errorRate()),
                s -> s.users(0.1).timeToFix(5).openIssues(1), s -> s.latency(5.0));
        return triggers.stream().flatMap(trigger -> against.stream()
                .map(other -> Arguments.of(other.apply(trigger.apply(MINOR.severity(Severity.P2))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void immediateTriggersWin(S signals) {
        Assessment a = assess(signals);
        assertEquals(Decision.ROLLBACK, a.decision(), a.summary());
        assertEquals(ApprovalLevel.NONE, a.approval().level(), a.approval().reason());
        assertNotNull(a.strategy());
        assertTrue(a.criteria().stream().noneMatch(c -> c.verdict() == Verdict.INCONCLUSIVE), a.criteria().toString());
    }

    @Test
    void everyRowOfTheDecisionMatrixVotes() {
        record Row(String criterion, UnaryOperator<S> rollback, UnaryOperator<S> fixForward) {
        }
        List<Row> rows = List.of(
                new Row("severity", s -> s.severity(Severity.P1), s -> s.severity(Severity.P2)),
                new Row("usersAffected", s -> s.users(10.5), s -> s.users(9.5)),
                new Row("timeToFix", s -> s.timeToFix(61), s -> s.timeToFix(14)),
                new Row("dataMigration", s -> s.migration(DataMigration.REVERSIBLE), s -> s.migration(DataMigration.IRREVERSIBLE)),
                new Row("stability", s -> s.openIssues(2), s -> s.openIssues(1)),
                new Row("workaround", s -> s.workaround(Workaround.NONE), s -> s.workaround(Workaround.EASY)));
        for (Row row : rows) {
            assertEquals(Verdict.ROLLBACK, criterion(assess(row.rollback().apply(MINOR)), row.criterion()).verdict(), row.criterion());
            assertEquals(Verdict.FIX_FORWARD, criterion(assess(row.fixForward().apply(MINOR)), row.criterion()).verdict(), row.criterion());
        }
        assertEquals(Verdict.NEUTRAL, criterion(assess(MINOR.timeToFix(60)), "timeToFix").verdict(), "60 min is not > 60");
        assertEquals(Verdict.NEUTRAL, criterion(assess(MINOR.timeToFix(15)), "timeToFix").verdict(), "15 min is not < 15");
        assertEquals(Verdict.NEUTRAL, criterion(assess(MINOR.users(10.0)), "usersAffected").verdict());
    }

    @Test
    void missingSignalsEscalateToAHuman() {
        Assessment noSeverity = assess(MINOR.severity(null));
        assertEquals(Decision.INCONCLUSIVE, noSeverity.decision());
        assertEquals(ApprovalLevel.ON_CALL_LEAD, noSeverity.approval().level());
        assertTrue(noSeverity.summary().contains("missing severity"), noSeverity.summary());
        assertNull(noSeverity.impactScore());

        assertEquals(Decision.INCONCLUSIVE, assess(MINOR.users(null)).decision());
        Assessment noMigration = assess(CHECKOUT.migration(null));
        assertEquals(Decision.INCONCLUSIVE, noMigration.decision(), "even with an immediate trigger");
        assertEquals(Verdict.INCONCLUSIVE, criterion(noMigration, "dataMigration").verdict());

    }

    @Test
    void contradictionsAreStatedNotWaitedOn() {
        // The issue's case: data corruption reported on an incident marked P3.
        Assessment corruption = assess(MINOR.corruption(true));
        assertEquals(Decision.ROLLBACK, corruption.decision(), corruption.summary());
        assertEquals(ApprovalLevel.NONE, corruption.approval().level());
        assertEquals(List.of("severity P3 (Low) contradicts a reported data corruption"), corruption.contradictions());
        assertTrue(corruption.summary().contains("Contradicting signals, stated for the post-mortem: severity P3"),
                corruption.summary());
        assertEquals(Verdict.NEUTRAL, criterion(corruption, "consistency").verdict());

        Assessment crashWithoutErrors = assess(MINOR.severity(Severity.P1).crash(true).errorRate(0.2));
        assertEquals(Decision.ROLLBACK, crashWithoutErrors.decision());
        assertTrue(criterion(crashWithoutErrors, "consistency").reason().contains("0.2%"));
        assertTrue(assess(CHECKOUT).contradictions().isEmpty());
    }

    @Test
    void anEscalatedReportIsAHumansCallWhateverTheSignalsSay() {
        Assessment a = DecisionEngine.assess(CHECKOUT.signals(), POLICY, null, "analysis a-1 ended Inconclusive (2 of 3)");
        assertEquals(Decision.INCONCLUSIVE, a.decision());
        assertEquals(ApprovalLevel.ON_CALL_LEAD, a.approval().level());
        assertEquals(Duration.ofMinutes(15), a.approval().within());
        assertTrue(a.summary().contains("analysis a-1 ended Inconclusive (2 of 3); on the signals alone the engine would"
                + " decide ROLLBACK"), a.summary());
        Criterion escalation = criterion(a, "escalation");
        assertEquals(CriterionGroup.ESCALATION, escalation.group());
        assertEquals(Verdict.INCONCLUSIVE, escalation.verdict());
    }

    @Test
    void anIrreversibleMigrationRestoresAVerifiedBackupOrFixesForward() {
        S bad = CHECKOUT.migration(DataMigration.IRREVERSIBLE);
        BackupReadiness ready = new BackupReadiness(BackupReadiness.State.READY, "b-42", Duration.ofMinutes(130),
                Duration.ofMinutes(4), List.of());
        Assessment restore = DecisionEngine.assess(bad.signals(), POLICY, ready);
        assertEquals(Decision.ROLLBACK, restore.decision());
        assertEquals(StrategyKind.DATABASE_ROLLBACK, restore.strategy().kind());
        assertEquals(Duration.ofMinutes(130), restore.dataLossWindow());
        assertTrue(restore.summary().contains("2 h 10 min of writes"), restore.summary());
        assertTrue(criterion(restore, "verifiedBackup").reason().contains("last restore took 4 min"));

        Assessment stale = DecisionEngine.assess(bad.signals(), POLICY, new BackupReadiness(BackupReadiness.State.NOT_READY,
                null, null, null, List.of("newest verified backup is 9 h old (max 4 h)")));
        assertEquals(Decision.FIX_FORWARD, stale.decision());
        assertNull(stale.strategy());
        assertTrue(criterion(stale, "verifiedBackup").reason().contains("9 h old"));

        Assessment unreachable = DecisionEngine.assess(bad.signals(), POLICY,
                BackupReadiness.unreachable("connection refused"));
        assertEquals(Decision.FIX_FORWARD, unreachable.decision());
        assertTrue(criterion(unreachable, "verifiedBackup").reason().contains("could not be asked"));

        Assessment minor = DecisionEngine.assess(MINOR.migration(DataMigration.IRREVERSIBLE).signals(), POLICY, ready);
        assertEquals(Decision.FIX_FORWARD, minor.decision(), "no restore for a minor incident");
    }

    @Test
    void theStrategyIsTheLeastDestructiveThatApplies() {
        assertEquals(StrategyKind.FEATURE_FLAG_DISABLE, assess(CHECKOUT.flagged(true)).strategy().kind());
        assertEquals(StrategyKind.BLUE_GREEN_SWITCHBACK, assess(CHECKOUT.blueGreen(true)).strategy().kind());
        Assessment reversible = assess(CHECKOUT.migration(DataMigration.REVERSIBLE));
        assertEquals(StrategyKind.REVERT_DEPLOYMENT, reversible.strategy().kind());
        assertEquals(List.of("DOWN_MIGRATION"), reversible.strategy().alsoRequires());
        assertNotNull(reversible.strategy().reason());
        assertNull(assess(MINOR).strategy(), "no strategy when not rolling back");
    }

    @Test
    void aPolicyChangeChangesTheOutcome() {
        S p2 = MINOR.severity(Severity.P2).users(22.0).workaround(Workaround.EASY);
        assertEquals(Decision.WORKAROUND, assess(p2).decision(), "44 is not above 50");
        Policy stricter = with(POLICY, false, 40.0);
        assertEquals(Decision.ROLLBACK, DecisionEngine.assess(p2.signals(), stricter, null).decision(), "44 > 40");
    }

    private static Policy with(Policy p, boolean immediateWithoutApproval, double scoreAbove) {
        return new Policy(p.severityWeights(), scoreAbove, p.errorRateRollbackAbovePercent(), p.errorRateEvaluateFromPercent(),
                p.latencyDegradationEvaluateAbovePercent(), p.latencyDegradationTolerableBelowPercent(),
                p.usersAffectedManyAbovePercent(), p.timeToFixLongAboveMinutes(), p.timeToFixShortBelowMinutes(),
                p.approvals(), immediateWithoutApproval, p.autoRollback(), p.maxBackupAgeHours(), p.plans());
    }
}
