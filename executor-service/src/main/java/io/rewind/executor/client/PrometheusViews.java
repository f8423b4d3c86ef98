package io.rewind.executor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** What executor-service reads of Prometheus' query answers. */
public final class PrometheusViews {

    private PrometheusViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueryResponse(String status, Data data, String errorType, String error) {
    }

    /** {@code result} is a [time, "value"] pair for a scalar, a list of {metric, value} for a vector. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String resultType, JsonNode result) {
    }
}
