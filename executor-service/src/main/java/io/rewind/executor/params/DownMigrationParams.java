package io.rewind.executor.params;

import java.util.regex.Pattern;

/**
 * {@code postgres.downMigration}: runs a reviewed script on the step's {@code postgres} target in one transaction,
 * refusing unless the schema is at the version expected before, and recording the version expected after.
 * Params: {@code script} (SQL text), {@code expectedVersionBefore} and {@code expectedVersionAfter} (schema versions, a
 * string or an integer, which differ).
 */
public record DownMigrationParams(String script, String expectedVersionBefore, String expectedVersionAfter)
        implements StepParams {

    public static final int MAX_SCRIPT_LENGTH = 1_000_000;
    private static final Pattern SCHEMA_VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,50}");

    public static DownMigrationParams read(ParamReader p) {
        p.moved("database", "the step's postgres target is the database (spec.url, username, password)");
        String script = p.string("script", true, false);
        if (script != null && script.length() > MAX_SCRIPT_LENGTH) {
            p.error("script", "must be at most " + MAX_SCRIPT_LENGTH + " characters");
        }
        String before = version(p, "expectedVersionBefore");
        String after = version(p, "expectedVersionAfter");
        if (before != null && before.equals(after)) {
            p.error("expectedVersionAfter", "must differ from expectedVersionBefore: a down-migration changes the version");
        }
        return new DownMigrationParams(script, before, after);
    }

    /** A schema version as Flyway and most tools write it: a string, or an integer for plain numbered versions. */
    private static String version(ParamReader p, String key) {
        Object value = p.get(key);
        if (value == null) {
            p.error(key, "is required");
            return null;
        }
        Long number = ParamReader.integral(value);
        String version = number != null ? number.toString() : value instanceof String text ? text : null;
        if (version == null || !SCHEMA_VERSION.matcher(version).matches()) {
            p.error(key, "must be a schema version such as \"42\" or \"1.4.2\"");
            return null;
        }
        return version;
    }
}
