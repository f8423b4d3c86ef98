package io.rewind.executor.action;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a {@link StepAction} knows about the step it runs.
 *
 * @param params the step's parameters, valid for its kind
 * @param before the stored snapshot, null until {@link StepAction#snapshot} has run
 * @param startedAt when the step was first claimed; a resumed step keeps it
 * @param timeout how long the step may run in all
 * @param attempt 1 for the first call of {@code apply}, counting waits, retries and resumptions
 * @param execution the execution the step belongs to, or null where none is known (compensation, unit tests)
 */
public record StepContext(Map<String, Object> params, Map<String, Object> before, OffsetDateTime startedAt,
        Duration timeout, int attempt, ExecutionInfo execution) {

    /** The execution a step belongs to, for kinds that speak about it (a status update names the release). */
    public record ExecutionInfo(UUID id, int position, String target, String releaseFrom, String releaseTo,
            String incidentId) {
    }

    public StepContext(Map<String, Object> params, Map<String, Object> before, OffsetDateTime startedAt,
            Duration timeout, int attempt) {
        this(params, before, startedAt, timeout, attempt, null);
    }

    public StepContext withBefore(Map<String, Object> snapshot) {
        return new StepContext(params, snapshot, startedAt, timeout, attempt, execution);
    }

    /** When the step's timeout runs out. */
    public OffsetDateTime deadline() {
        return startedAt.plus(timeout);
    }

    public String string(String name) {
        Object value = params.get(name);
        return value == null ? null : value.toString();
    }

    public String string(String name, String fallback) {
        String value = string(name);
        return value == null ? fallback : value;
    }

    /** An integer parameter; plans may write {@code 3} or {@code 3.0}. */
    public Integer integer(String name) {
        return params.get(name) instanceof Number n ? n.intValue() : null;
    }

    /** An object parameter of strings (a label selector), sorted by key. */
    public Map<String, String> stringMap(String name) {
        Object value = params.get(name);
        if (value instanceof Map<?, ?> map) {
            Map<String, String> copy = new TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
            return copy;
        }
        return Map.of();
    }

    /** A value of the before-state, or null. */
    public Object recorded(String name) {
        return before == null ? null : before.get(name);
    }
}
