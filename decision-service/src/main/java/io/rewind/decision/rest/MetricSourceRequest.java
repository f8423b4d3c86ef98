package io.rewind.decision.rest;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import io.rewind.common.metric.WebSource;
import io.rewind.decision.analysis.MetricSources;

/**
 * A metric source as an admin writes it: {@code kind} {@code web}, the JSON API's {@code baseUrl}, its
 * {@code headers} ({@code {"value": "application/json"}} or, for anything secret, {@code {"env": "DD_API_KEY"}} or
 * {@code {"file": "/run/secrets/dd-api-key"}}) and {@code timeoutSeconds} (1 to 60, default 10).
 */
public record MetricSourceRequest(@NotBlank String kind, String description, String baseUrl,
        Map<String, WebSource.Header> headers, Integer timeoutSeconds) {

    MetricSources.Definition definition() {
        return new MetricSources.Definition(kind, description, new WebSource(baseUrl, headers, timeoutSeconds));
    }
}
