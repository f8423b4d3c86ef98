package io.rewind.common;

/**
 * Incident severity, as the runbooks grade it: P0 is the whole product down for everyone,
 * P3 a cosmetic or low-traffic issue.
 */
public enum Severity {
    P0("Critical"),
    P1("High"),
    P2("Medium"),
    P3("Low");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The runbooks' word for this severity (Critical, High, Medium, Low). */
    public String label() {
        return label;
    }
}
