package io.rewind.decision.rest;

import jakarta.validation.constraints.Size;

import io.rewind.decision.engine.Assessment.StrategyKind;

/**
 * The body of approve and reject: an optional comment, kept with the approval, and, when approving, optionally the
 * strategy to carry out instead of the decision's (needed when the engine did not decide ROLLBACK). The plan is
 * always the one the policy maps to the strategy.
 */
public record ApprovalRequest(@Size(max = 2000) String comment, StrategyKind strategy) {
}
