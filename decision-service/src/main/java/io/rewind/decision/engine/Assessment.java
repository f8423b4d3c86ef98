package io.rewind.decision.engine;

import java.time.Duration;
import java.util.List;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.Decision;

/**
 * The engine's answer: a decision, the approval it needs, how to carry it out, and why, criterion by criterion.
 *
 * @param impactScore users affected % × the severity's weight; null when either is missing
 * @param strategy how to roll back; null unless the decision is ROLLBACK
 * @param dataLossWindow for a restore: the age of the backup it restores, i.e. the writes it loses; else null
 * @param summary the decision in one sentence
 * @param contradictions signals that contradict each other, stated for the post-mortem (the immediate trigger among
 *        them decided); empty when they agree, null in assessments stored before they were recorded
 */
public record Assessment(Decision decision, Double impactScore, Approval approval, Strategy strategy,
        Duration dataLossWindow, String summary, List<Criterion> criteria, List<String> contradictions) {

    /** Who must approve, and how long they have (the severity's response time). */
    public record Approval(ApprovalLevel level, Duration within, String reason) {
    }

    /**
     * A rollback strategy of the runbooks (seed 002 §1.3), with its expected duration.
     *
     * @param alsoRequires further work the strategy implies, such as a reviewed down-migration
     */
    public record Strategy(StrategyKind kind, Minutes expectedMinutes, List<String> alsoRequires, String reason) {
    }

    public record Minutes(int min, int max) {
    }

    public enum StrategyKind {
        /** Redeploy the previous version; 5–15 minutes. */
        REVERT_DEPLOYMENT(5, 15),
        /** Switch traffic back to the previous environment; under 5 minutes. */
        BLUE_GREEN_SWITCHBACK(1, 5),
        /** Turn the feature off; under a minute. */
        FEATURE_FLAG_DISABLE(0, 1),
        /** Restore the database to its state before the release; 15 minutes to several hours. */
        DATABASE_ROLLBACK(15, 240),
        /** Revert every component of a major release; 30 minutes to 2 hours. */
        FULL_SYSTEM(30, 120);

        private final Minutes expected;

        StrategyKind(int min, int max) {
            this.expected = new Minutes(min, max);
        }

        public Minutes expected() {
            return expected;
        }
    }
}
