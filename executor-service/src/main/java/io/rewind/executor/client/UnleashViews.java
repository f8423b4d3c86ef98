package io.rewind.executor.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What executor-service reads of an Unleash feature. */
public final class UnleashViews {

    private UnleashViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(String name, String project, List<Environment> environments) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Environment(String name, boolean enabled) {
    }
}
