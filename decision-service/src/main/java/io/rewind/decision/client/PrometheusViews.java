package io.rewind.decision.client;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What decision-service reads of Prometheus' query answers. */
public final class PrometheusViews {

    private PrometheusViews() {
    }

    public record QueryResponse(String status, Data data, String errorType, String error) {
    }

    /** {@code result} is a [time, "value"] pair for a scalar, a list of {metric, value} for a vector. */
    public record Data(String resultType, JsonNode result) {
    }

    public record Sample(List<Object> value) {
    }
}
