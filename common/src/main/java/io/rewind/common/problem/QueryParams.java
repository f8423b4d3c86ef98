package io.rewind.common.problem;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Query parameters read as text and parsed here, so that a wrong value is a 400 naming the parameter rather than the
 * 404 JAX-RS gives for a parameter it cannot convert.
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
}
