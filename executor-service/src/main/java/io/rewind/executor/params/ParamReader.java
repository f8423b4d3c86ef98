package io.rewind.executor.params;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rewind.common.problem.Problem;
import io.rewind.common.web.BaseUrls;

/**
 * Typed reads of one JSON object (a step's {@code params}, a target's {@code spec}) that record an error for a missing
 * or ill-typed value, each naming its field as a JSON path into the request ({@code steps[2].params.replicas}). Every key
 * read is known; {@link #rejectUnknown()} then refuses the rest, so a misspelt optional parameter cannot silently change
 * what a rollback does.
 *
 * <p>Types are strict: a number is not a string and {@code 1} is not {@code true}. An integer may be written
 * {@code 3.0}: JSON does not tell it from {@code 3}, and clients in JavaScript may write either.
 */
public final class ParamReader {

    public static final int MAX_TEXT_LENGTH = 5_000;
    private static final Pattern SECRET_LIKE = Pattern
            .compile("(?i).*(token|password|passwd|secret|api[-_]?key|credential).*");

    private final String at;
    private final String owner;
    private final Map<String, Object> values;
    private final List<Problem.FieldError> errors;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param at the JSON path of the object ({@code steps[2].params})
     * @param owner what the object belongs to, for "is not a parameter of ..." ({@code kubernetes.undo})
     */
    public ParamReader(String at, String owner, Map<String, Object> values, List<Problem.FieldError> errors) {
        this.at = at;
        this.owner = owner;
        this.values = values == null ? Map.of() : values;
        this.errors = errors;
    }

    /** A reader that collects its own errors, for reading values that were validated before. */
    public static ParamReader lenient(Map<String, Object> values) {
        return new ParamReader("params", "params", values, new ArrayList<>());
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Object get(String key) {
        known.add(key);
        return values.get(key);
    }

    /** Present and not null: JSON null reads as absent. */
    public boolean present(String key) {
        return values.get(key) != null;
    }

    public void error(String key, String message) {
        errors.add(new Problem.FieldError(at + "." + key, message));
    }

    public String path(String key) {
        return at + "." + key;
    }

    public String string(String key, boolean required, boolean blankAllowed) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            error(key, "must be a string");
            return null;
        }
        if (!blankAllowed && text.isBlank()) {
            error(key, "must not be blank");
            return null;
        }
        return text;
    }

    /** Free text, bounded so a plan stays readable. */
    public String text(String key, boolean required) {
        return text(key, required, MAX_TEXT_LENGTH);
    }

    public String text(String key, boolean required, int maxLength) {
        String text = string(key, required, false);
        if (text != null && text.length() > maxLength) {
            error(key, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    public String matching(String key, boolean required, Pattern pattern, String message) {
        String text = string(key, required, false);
        if (text != null && !pattern.matcher(text).matches()) {
            error(key, message + echo(text));
            return null;
        }
        return text;
    }

    public String oneOf(String key, boolean required, List<String> accepted) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        if (!(value instanceof String text) || !accepted.contains(text)) {
            error(key, "must be one of " + String.join(", ", accepted) + (value instanceof String text ? echo(text) : ""));
            return null;
        }
        return text;
    }

    public Long integer(String key, boolean required, long min, long max) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        Long number = integral(value);
        if (number == null || number < min || number > max) {
            error(key, "must be " + (min == 1 && max == Long.MAX_VALUE ? "a positive integer"
                    : max >= Integer.MAX_VALUE ? "an integer, " + min + " or more"
                    : "an integer from " + min + " to " + max));
            return null;
        }
        return number;
    }

    public BigDecimal number(String key, boolean required) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        if (value instanceof Number number && !(value instanceof Double d && !Double.isFinite(d))) {
            return new BigDecimal(number.toString());
        }
        error(key, "must be a number");
        return null;
    }

    public Boolean bool(String key) {
        Object value = get(key);
        if (value != null && !(value instanceof Boolean)) {
            error(key, "must be true or false");
            return null;
        }
        return (Boolean) value;
    }

    public Map<?, ?> object(String key, boolean required) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            error(key, "must be an object");
            return null;
        }
        if (map.isEmpty()) {
            error(key, "must not be empty");
            return null;
        }
        return map;
    }

    /** A non-empty array of strings, each matching {@code pattern}; null (and an error) otherwise. */
    public List<String> strings(String key, boolean required, Pattern pattern, String message) {
        Object value = get(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return null;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            error(key, "must be a non-empty array");
            return null;
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text) || !pattern.matcher(text).matches()) {
                errors.add(new Problem.FieldError(at + "." + key + "[" + i + "]",
                        message + (list.get(i) instanceof String text ? echo(text) : "")));
                return null;
            }
            result.add(text);
        }
        return List.copyOf(result);
    }

    /** The nested object under {@code key} as a reader of its own, or null when absent (an error when not an object). */
    @SuppressWarnings("unchecked")
    public ParamReader nested(String key, boolean required) {
        Map<?, ?> map = object(key, required);
        return map == null ? null : new ParamReader(at + "." + key, owner + "." + key, (Map<String, Object>) map, errors);
    }

    /**
     * Refuses {@code key}, which steps used to take and a target now holds, saying where it went: a plan stored before
     * targets existed then fails with what to change rather than with an unknown parameter.
     */
    public void moved(String key, String where) {
        if (present(key)) {
            get(key);
            error(key, "is not a parameter of " + owner + " any more: " + where);
        }
    }

    /** Accepts every key not read so far: which ones belong was decided elsewhere, and that said what to fix. */
    public void acceptTheRest() {
        known.addAll(values.keySet());
    }

    /** Records an error for every key that was never read. */
    public void rejectUnknown() {
        values.keySet().stream().filter(key -> !known.contains(key)).sorted().forEach(key -> {
            if (SECRET_LIKE.matcher(key).matches()) {
                error(key, "looks like a secret: secrets never go into a request; an admin configures them on a target, "
                        + "by reference ({\"env\": ...} or {\"file\": ...})");
            } else {
                error(key, "is not a parameter of " + owner + (known.isEmpty() ? " (it takes none)"
                        : " (it takes " + String.join(", ", known) + ")"));
            }
        });
    }

    /**
     * A JSON number with an integral value, clamped to the range of a long, or null for anything else (a string, a
     * fraction, a boolean).
     */
    public static Long integral(Object value) {
        BigDecimal decimal;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (value instanceof BigDecimal big) {
            decimal = big;
        } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            decimal = BigDecimal.valueOf(((Number) value).doubleValue());
        } else {
            return null;
        }
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        if (decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (decimal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return decimal.longValueExact();
    }

    /** {@code " (got 'value')"}, shortened, for error messages. */
    public static String echo(String value) {
        return BaseUrls.echo(value);
    }
}
