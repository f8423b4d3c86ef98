package io.rewind.status;

/** How free text from requests is stored. */
public final class Texts {

    private Texts() {
    }

    /** A blank description is no description: the page and Statuspage's API show {@code null}, not an empty box. */
    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
