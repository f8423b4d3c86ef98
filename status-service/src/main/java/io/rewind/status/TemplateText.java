package io.rewind.status;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {{name}}} placeholders in an update template. */
public final class TemplateText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    private TemplateText() {
    }

    /** The placeholders a text uses, in order of first use. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Replaces every placeholder with its variable. A placeholder without a variable (or whose variable is null) is an
     * error rather than left in place: customers must never read "{{eta}}".
     *
     * @throws IllegalArgumentException naming the missing variables
     */
    public static String render(String text, Map<String, String> variables) {
        Set<String> missing = new LinkedHashSet<>(placeholders(text));
        missing.removeIf(name -> variables.get(name) != null);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("needs a value for " + String.join(", ", missing));
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(variables.get(m.group(1))));
    }
}
