package io.rewind.backup;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How long a database's backups are kept. The two rules add up: a backup is deleted only when it is neither among
 * the newest {@code keepLast} nor younger than {@code keepDays} days, so a quiet week never prunes the last good
 * backup. An omitted value takes its default.
 *
 * @param keepLast the newest backups that are always kept (default 5); at least 1
 * @param keepDays every backup younger than this many days is kept too (default 7)
 */
public record Retention(@Min(1) @Max(1000) Integer keepLast, @Min(0) @Max(3650) Integer keepDays) {

    /** The same defaults as the columns of {@code databases}. */
    public static final int DEFAULT_KEEP_LAST = 5;
    public static final int DEFAULT_KEEP_DAYS = 7;

    public Retention {
        keepLast = keepLast == null ? DEFAULT_KEEP_LAST : keepLast;
        keepDays = keepDays == null ? DEFAULT_KEEP_DAYS : keepDays;
    }

    public static Retention defaults() {
        return new Retention(DEFAULT_KEEP_LAST, DEFAULT_KEEP_DAYS);
    }
}
