package io.rewind.decision.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.rewind.common.ServiceNames;
import io.rewind.common.Severity;
import io.rewind.decision.engine.Signals;

/**
 * The convention that turns an Alertmanager alert into incident signals (README, "Alerts become incidents"). Each field
 * is read from the alert's annotations, else from its labels:
 * <ul>
 * <li>{@code service} (required, a service name): the incident's service. Without it the alert opens no incident.</li>
 * <li>{@code severity}: P0..P3 as they are, or {@code critical}/{@code page} = P1, {@code warning} = P2,
 * {@code info} = P3.</li>
 * <li>{@code error_rate_percent}, {@code baseline_error_rate_percent}, {@code users_affected_percent} (0..100),
 * {@code latency_degradation_percent} (-100..100000), {@code time_to_fix_minutes} (a whole number, 0..100000).</li>
 * <li>{@code crash}, {@code data_corruption}, {@code security_breach}: {@code true} or {@code false}.</li>
 * <li>{@code summary}: the incident's title (else "alertname on service"); {@code description}: its detail.</li>
 * </ul>
 * A value that does not fit is left out with a note saying why; the engine then treats the signal as unknown.
 */
public final class AlertSignals {

    static final int MAX_TITLE = 200;

    private AlertSignals() {
    }

    /** The signals of one alert, its title and detail, and what could not be used. */
    public record Mapped(Signals signals, String title, String detail, List<String> notes) {
    }

    /** The service the alert names, or null (with a note) when it names none or not a service name. */
    public static String service(Map<String, String> labels, Map<String, String> annotations, List<String> notes) {
        String service = value("service", labels, annotations);
        if (service == null) {
            notes.add("no 'service' label: the alert opens no incident");
            return null;
        }
        if (!service.matches(ServiceNames.PATTERN)) {
            notes.add("service '" + clip(service) + "' " + ServiceNames.MESSAGE + ": the alert opens no incident");
            return null;
        }
        return service;
    }

    public static Mapped map(String service, Map<String, String> labels, Map<String, String> annotations) {
        List<String> notes = new ArrayList<>();
        Signals signals = new Signals(service, null, severity(value("severity", labels, annotations), notes),
                percent("users_affected_percent", labels, annotations, 0, 100, notes),
                minutes(value("time_to_fix_minutes", labels, annotations), notes), null, null, null,
                percent("error_rate_percent", labels, annotations, 0, 100, notes),
                percent("baseline_error_rate_percent", labels, annotations, 0, 100, notes),
                percent("latency_degradation_percent", labels, annotations, -100, 100_000, notes),
                flag("crash", labels, annotations, notes), flag("data_corruption", labels, annotations, notes),
                flag("security_breach", labels, annotations, notes), null, null, null, null);
        String summary = value("summary", labels, annotations);
        String name = labels.get("alertname");
        String title = summary != null ? summary : (name != null ? name : "Alert") + " on " + service;
        return new Mapped(signals, title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title,
                value("description", labels, annotations), notes);
    }

    /** Annotations first: they carry values, labels carry identity. */
    static String value(String key, Map<String, String> labels, Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(key);
        if (value == null || value.isBlank()) {
            value = labels == null ? null : labels.get(key);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Severity severity(String text, List<String> notes) {
        if (text == null) {
            return null;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "p0":
                return Severity.P0;
            case "p1", "critical", "page":
                return Severity.P1;
            case "p2", "warning":
                return Severity.P2;
            case "p3", "info":
                return Severity.P3;
            default:
                notes.add("severity '" + clip(text) + "' is none of P0..P3, critical, page, warning, info: ignored");
                return null;
        }
    }

    private static Double percent(String key, Map<String, String> labels, Map<String, String> annotations, double min,
            double max, List<String> notes) {
        String text = value(key, labels, annotations);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // noted below
        }
        notes.add(key + " '" + clip(text) + "' is not a number from " + fmt(min) + " to " + fmt(max) + ": ignored");
        return null;
    }

    private static Integer minutes(String text, List<String> notes) {
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= 100_000) {
                return value;
            }
        } catch (NumberFormatException notAWholeNumber) {
            // noted below
        }
        notes.add("time_to_fix_minutes '" + clip(text) + "' is not a whole number from 0 to 100000: ignored");
        return null;
    }

    private static Boolean flag(String key, Map<String, String> labels, Map<String, String> annotations, List<String> notes) {
        String text = value(key, labels, annotations);
        if (text == null) {
            return null;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                notes.add(key + " '" + clip(text) + "' is neither true nor false: ignored");
                return null;
        }
    }

    private static String fmt(double value) {
        return Long.toString((long) value);
    }

    /** Values are echoed in notes that every viewer reads: kept short. */
    private static String clip(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
