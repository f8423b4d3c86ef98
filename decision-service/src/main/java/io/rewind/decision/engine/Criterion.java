package io.rewind.decision.engine;

/**
 * One line of an assessment's explanation.
 *
 * @param group which part of the runbooks it comes from
 * @param value what was measured or reported; null when it was not
 * @param reason one line an engineer reads at 3 a.m., with the numbers and thresholds compared
 */
public record Criterion(String name, CriterionGroup group, Object value, Verdict verdict, String reason) {
}
