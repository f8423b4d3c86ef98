package io.rewind.decision.engine;

/**
 * One line of an assessment's explanation.
 *
 * @param group {@code required}, {@code trigger} (the runbooks' immediate and conditional triggers), {@code score},
 *        {@code matrix} (the rollback-vs-fix-forward table), {@code guard} (no-rollback rules), {@code data}
 *        (migrations and backups)
 * @param value what was measured or reported; null when it was not
 * @param reason one line an engineer reads at 3 a.m., with the numbers and thresholds compared
 */
public record Criterion(String name, String group, Object value, Verdict verdict, String reason) {
}
