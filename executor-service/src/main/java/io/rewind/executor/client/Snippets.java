package io.rewind.executor.client;

/**
 * Short, printable quotes of what a peer answered, for error messages that every viewer of an execution reads: common's
 * {@link io.rewind.common.web.Snippets}, which web metrics use too.
 */
public final class Snippets {

    /** How much of an answer an error quotes. */
    public static final int MAX = io.rewind.common.web.Snippets.MAX;

    private Snippets() {
    }

    /** See {@link io.rewind.common.web.Snippets#of}. */
    public static String of(String text) {
        return io.rewind.common.web.Snippets.of(text);
    }
}
