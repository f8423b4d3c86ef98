package io.rewind.decision.client;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Evaluates a PromQL query to one number. A query that yields several series, none, or a non-number is an error the
 * analysis records, not a value: an analysis judges one number per metric, so aggregate in the query
 * ({@code sum(rate(...))}).
 */
@ApplicationScoped
public class PrometheusClient {

    private final PrometheusApi api;

    public PrometheusClient(@RestClient PrometheusApi api) {
        this.api = api;
    }

    /** The query's single value at {@code time} (now when null), or a failure whose message says why not. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<Double> value(String query, OffsetDateTime time) {
        String at = time == null ? null : String.format(java.util.Locale.ROOT, "%.3f", time.toInstant().toEpochMilli() / 1000.0);
        return api.query(query, at)
                .onFailure(WebApplicationException.class).transform(e -> new QueryFailed("Prometheus answered HTTP "
                        + ((WebApplicationException) e).getResponse().getStatus() + errorOf((WebApplicationException) e)))
                .map(PrometheusClient::single);
    }

    private static String errorOf(WebApplicationException e) {
        try {
            PrometheusViews.QueryResponse body = e.getResponse().readEntity(PrometheusViews.QueryResponse.class);
            return body != null && body.error() != null ? ": " + body.error() : "";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    static Double single(PrometheusViews.QueryResponse response) {
        if (!"success".equals(response.status()) || response.data() == null) {
            throw new QueryFailed("Prometheus: " + response.error());
        }
        JsonNode result = response.data().result();
        switch (response.data().resultType()) {
            case "scalar":
                return number(result.get(1).asText());
            case "vector":
                if (result.isEmpty()) {
                    throw new QueryFailed("the query returned no series (no data yet, or a label does not match)");
                }
                if (result.size() > 1) {
                    throw new QueryFailed("the query returned " + result.size() + " series; aggregate it to one (e.g. sum(...))");
                }
                return number(result.get(0).get("value").get(1).asText());
            default:
                throw new QueryFailed("the query returned a " + response.data().resultType() + "; an instant vector or scalar is needed");
        }
    }

    private static Double number(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new QueryFailed("the query returned '" + text + "', not a number");
        }
    }

    /** The query could not be evaluated to one number. */
    public static final class QueryFailed extends RuntimeException {
        QueryFailed(String message) {
            super(message, null, false, false);
        }
    }
}
