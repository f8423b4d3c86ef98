package io.rewind.status.rest;

import java.util.Map;
import java.util.TreeMap;

import io.rewind.common.problem.ProblemException;

/** The {@code variables} of a request that fills a template. */
final class Variables {

    private Variables() {
    }

    /** The variables as sent; a 400 naming the first (by name) whose value is {@code null}. */
    static Map<String, String> checked(Map<String, String> variables) {
        if (variables == null) {
            return null;
        }
        for (var entry : new TreeMap<>(variables).entrySet()) {
            if (entry.getValue() == null) {
                throw ProblemException.invalid("variables[" + entry.getKey() + "]", "must not be null");
            }
        }
        return variables;
    }
}
