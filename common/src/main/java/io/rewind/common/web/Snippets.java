package io.rewind.common.web;

/**
 * Short, printable quotes of what a peer answered, for error messages that every viewer reads: a peer (or whatever an
 * address now points at) must not be able to put a page of its content, or terminal escapes, into them.
 */
public final class Snippets {

    /** How much of an answer an error quotes. */
    public static final int MAX = 100;

    private Snippets() {
    }

    /**
     * {@code text} stripped, with control characters (line breaks included) replaced by spaces and runs of spaces
     * collapsed, cut to {@link #MAX} characters with "..." when longer; "" for null or blank.
     */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder();
        text.codePoints().limit(4L * MAX).forEach(c -> clean.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c));
        String shown = clean.toString().replaceAll("\\s+", " ").strip();
        if (shown.codePointCount(0, shown.length()) > MAX) {
            shown = shown.substring(0, shown.offsetByCodePoints(0, MAX)) + "...";
        }
        return shown;
    }
}
