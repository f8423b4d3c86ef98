package io.rewind.executor.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates a PromQL query to one number on a Prometheus-compatible server. A query that yields several series, none,
 * or NaN gives no value but a sentence saying why: a step may wait for data to appear, then fail with it. Not retried
 * here: {@code verify.metric} asks again on its own schedule, within its step's timeout.
 *
 * <p>One REST client per server URL, built on first use; the bearer token is a header of each call, never part of a
 * cached client, so one target's token cannot reach another target that shares its URL's client. Redirects are never
 * followed: a token goes to the URL an admin configured and nowhere else, and a redirect is reported as the answer.
 */
@ApplicationScoped
public class PrometheusClient {

    private final TargetRestClients<PrometheusApi> clients = new TargetRestClients<>(PrometheusApi.class);

    private PrometheusApi api(String url) {
        return clients.at(url);
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

    /**
     * Evaluates {@code query} at {@code url}'s {@code /api/v1/query}.
     *
     * @param url the server, as a {@code prometheus} target names it
     * @param bearerToken sent as {@code Authorization: Bearer}, or null to send none
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Result value(String url, String bearerToken, String query) {
        PrometheusViews.QueryResponse body;
        try (Response response = api(url).query(bearerToken == null ? null : "Bearer " + bearerToken, query)) {
            if (response.getStatus() != 200) {
                return Result.none(answered(response));
            }
            body = response.readEntity(PrometheusViews.QueryResponse.class);
        } catch (WebApplicationException e) {
            return Result.none(answered(e.getResponse()));
        } catch (ProcessingException e) {
            return Result.none("Prometheus is unreachable (" + Snippets.of(e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()) + ")");
        }
        return single(body);
    }

    /** "Prometheus answered HTTP 503: its error", quoting only Prometheus' own error field, shortened. */
    private static String answered(Response response) {
        int status = response.getStatus();
        if (status >= 300 && status < 400) {
            return "Prometheus answered HTTP " + status + " (a redirect, which is not followed: the target's url must be "
                    + "the query API itself)";
        }
        String error = "";
        try {
            PrometheusViews.QueryResponse body = response.readEntity(PrometheusViews.QueryResponse.class);
            error = body != null && body.error() != null ? ": " + Snippets.of(body.error()) : "";
        } catch (RuntimeException unreadable) {
            // An answer that is not Prometheus' JSON: its status says enough.
        }
        return "Prometheus answered HTTP " + status + error;
    }

    static Result single(PrometheusViews.QueryResponse response) {
        if (response == null || !"success".equals(response.status()) || response.data() == null) {
            return Result.none("Prometheus: " + (response == null ? "empty answer" : Snippets.of(response.error())));
        }
        JsonNode result = response.data().result();
        String type = response.data().resultType();
        if (type == null || result == null) {
            return Result.none("the answer has no query result: is the target's url a Prometheus query API?");
        }
        return switch (type) {
            case "scalar" -> number(result.path(1).asText());
            case "vector" -> result.isEmpty() ? Result.none("the query returned no series (no data yet, or a label does not match)")
                    : result.size() > 1 ? Result.none("the query returned " + result.size()
                            + " series; aggregate it to one (e.g. sum(...))")
                    : number(result.path(0).path("value").path(1).asText());
            default -> Result.none("the query returned a " + Snippets.of(type)
                    + "; an instant vector or a scalar is needed");
        };
    }

    private static Result number(String text) {
        try {
            // Prometheus writes infinities as Go does, "+Inf" and "-Inf", which Java does not parse.
            double value = text.matches("[+-]?Inf") ? (text.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(text);
            if (Double.isNaN(value)) {
                return Result.none("the query returned NaN (e.g. a rate divided by a rate of 0)");
            }
            return Double.isInfinite(value) ? Result.none("the query returned " + Snippets.of(text) + " (a division by 0?)")
                    : Result.of(value);
        } catch (NumberFormatException e) {
            return Result.none("the query returned '" + Snippets.of(text) + "', not a number");
        }
    }
}
