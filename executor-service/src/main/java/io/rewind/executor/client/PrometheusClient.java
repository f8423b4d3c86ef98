package io.rewind.executor.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates a PromQL query to one number. A query that yields several series, none, or NaN gives no value but a
 * sentence saying why: a step may wait for data to appear, then fail with it. Not retried here: {@code verify.metric}
 * asks again on its own schedule, within its step's timeout.
 */
@ApplicationScoped
public class PrometheusClient {

    private final PrometheusApi api;

    public PrometheusClient(@RestClient PrometheusApi api) {
        this.api = api;
    }

    /** The query's single value now, or why there is none. */
    public record Result(Double value, String problem) {

        static Result of(double value) {
            return new Result(value, null);
        }

        static Result none(String problem) {
            return new Result(null, problem);
        }
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Result value(String query) {
        PrometheusViews.QueryResponse response;
        try {
            response = api.query(query);
        } catch (WebApplicationException e) {
            String error = "";
            try {
                PrometheusViews.QueryResponse body = e.getResponse().readEntity(PrometheusViews.QueryResponse.class);
                error = body != null && body.error() != null ? ": " + body.error() : "";
            } catch (RuntimeException unreadable) {
                // An answer that is not Prometheus' JSON: its status says enough.
            }
            return Result.none("Prometheus answered HTTP " + e.getResponse().getStatus() + error);
        } catch (ProcessingException e) {
            return Result.none("Prometheus is unreachable (" + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")");
        }
        return single(response);
    }

    static Result single(PrometheusViews.QueryResponse response) {
        if (response == null || !"success".equals(response.status()) || response.data() == null) {
            return Result.none("Prometheus: " + (response == null ? "empty answer" : response.error()));
        }
        JsonNode result = response.data().result();
        return switch (response.data().resultType()) {
            case "scalar" -> number(result.get(1).asText());
            case "vector" -> result.isEmpty() ? Result.none("the query returned no series (no data yet, or a label does not match)")
                    : result.size() > 1 ? Result.none("the query returned " + result.size()
                            + " series; aggregate it to one (e.g. sum(...))")
                    : number(result.get(0).get("value").get(1).asText());
            default -> Result.none("the query returned a " + response.data().resultType()
                    + "; an instant vector or a scalar is needed");
        };
    }

    private static Result number(String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value)) {
                return Result.none("the query returned NaN (e.g. a rate divided by a rate of 0)");
            }
            return Double.isInfinite(value) ? Result.none("the query returned " + text + " (a division by 0?)") : Result.of(value);
        } catch (NumberFormatException e) {
            return Result.none("the query returned '" + text + "', not a number");
        }
    }
}
