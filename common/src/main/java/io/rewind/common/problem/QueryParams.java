package io.rewind.common.problem;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Query parameters read as text and parsed here, so that a wrong value is a 400 naming the parameter rather than the
 * 404 JAX-RS gives for a parameter it cannot convert (or, for a Boolean, a silent false).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** The constant named {@code value}, null when absent, or a 400 listing the accepted names. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (ProblemMappers.jsonName(constant).equals(value)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(ProblemMappers::jsonName).collect(Collectors.joining(", "));
        throw ProblemException.invalid(parameter, "must be one of " + accepted + " (got '" + value + "')");
    }

    /** true or false, null when absent, or a 400: JAX-RS would read anything else as false. */
    public static Boolean booleanValue(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.invalid(parameter, "must be true or false (got '" + value + "')");
        };
    }

    /** A whole number from {@code min} to {@code max}, {@code absent} when not given, or a 400 saying which. */
    public static Integer intValue(String parameter, String value, Integer absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(parameter, "must be a whole number from " + min + " to " + max
                    + " (got '" + value + "')");
        }
        if (number < min || number > max) {
            throw ProblemException.invalid(parameter, "must be from " + min + " to " + max + " (got " + number + ")");
        }
        return number;
    }
}
