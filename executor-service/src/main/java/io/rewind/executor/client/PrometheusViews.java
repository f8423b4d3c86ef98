package io.rewind.executor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What executor-service reads of Prometheus' query answers. Registered for reflection: the client reads them from a
 * {@code Response}, which Quarkus cannot see at build time.
 */
public final class PrometheusViews {

    private PrometheusViews() {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueryResponse(String status, Data data, String errorType, String error) {
    }

    /** {@code result} is a [time, "value"] pair for a scalar, a list of {metric, value} for a vector. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String resultType, JsonNode result) {
    }
}
