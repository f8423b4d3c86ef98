package io.rewind.decision.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A success or failure condition on a measured value, as Argo Rollouts writes them: {@code result < 5},
 * {@code result >= 0.99}. One comparison of {@code result} with a number; anything else is refused when the analysis is
 * created, never guessed at when it runs.
 */
public record Condition(String operator, double threshold) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*result\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

    public static Condition parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must compare result with a number, e.g. 'result < 5' (operators < <= > >= == !=)");
        }
        return new Condition(m.group(1), Double.parseDouble(m.group(2)));
    }

    public boolean test(double result) {
        return switch (operator) {
            case "<" -> result < threshold;
            case "<=" -> result <= threshold;
            case ">" -> result > threshold;
            case ">=" -> result >= threshold;
            case "==" -> result == threshold;
            default -> result != threshold;
        };
    }

    @Override
    public String toString() {
        return "result " + operator + " " + (threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold));
    }
}
