package io.rewind.decision.engine;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which part of the runbooks a criterion comes from; shown in lower case ({@code "trigger"}), as it always was. */
public enum CriterionGroup {
    /** Signals the decision cannot be made without, and whether they agree with each other. */
    REQUIRED,
    /** The runbooks' immediate and conditional triggers (seed 004). */
    TRIGGER,
    /** The impact score: users affected % × the severity's weight. */
    SCORE,
    /** The rollback-versus-fix-forward table (seed 002). */
    MATRIX,
    /** No-rollback rules: cosmetic issues, minor issues with a workaround, tolerable latency. */
    GUARD,
    /** Migrations and backups: what a rollback would do to the data. */
    DATA,
    /** Why a human decides rather than the engine: an analysis that could not conclude. */
    ESCALATION;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CriterionGroup of(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
