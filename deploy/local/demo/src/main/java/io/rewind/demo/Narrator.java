package io.rewind.demo;

import java.io.PrintStream;
import java.time.Duration;

/** Prints the story: each line with the time since the demo started, so the timings are part of the output. */
final class Narrator {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Narrator(PrintStream out) {
        this.out = out;
    }

    void chapter(String title) {
        out.println();
        out.println("== " + title);
    }

    void say(String line) {
        out.printf("[%7.1f s] %s%n", elapsed().toMillis() / 1000.0, line);
    }

    /** Lines printed as they are, indented under the previous one (criteria, the post-mortem). */
    void block(String text) {
        for (String line : text.split("\n", -1)) {
            out.println("            " + line);
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
