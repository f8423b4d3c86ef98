package io.rewind.common.metric;

/** Answers shaped as the real APIs answer, for the web metric tests. */
final class JsonApis {

    private JsonApis() {
    }

    /** Datadog's metrics query API v1 ({@code GET /api/v1/query?from=&to=&query=}). */
    static final String DATADOG = """
            {"status": "ok", "res_type": "time_series", "from_date": 1700000000000, "to_date": 1700000300000,
             "query": "sum:trace.http.request.errors{service:checkout}.as_rate()",
             "series": [{"metric": "trace.http.request.errors", "scope": "service:checkout", "interval": 60,
                         "length": 3, "display_name": "trace.http.request.errors", "unit": null,
                         "pointlist": [[1700000100000.0, 0.5], [1700000160000.0, 1.25], [1700000220000.0, 2.75]]}]}
            """;

    /** New Relic's NerdGraph answering an NRQL query ({@code POST /graphql}). */
    static final String NEW_RELIC = """
            {"data": {"actor": {"account": {"nrql": {"results": [{"percentage": 1.5}]}}}}}
            """;

    /** Sentry's organization stats ({@code GET /api/0/organizations/{org}/stats_v2/?field=sum(quantity)&groupBy=outcome}). */
    static final String SENTRY = """
            {"start": "2026-12-05T07:00:00Z", "end": "2026-12-05T08:00:00Z",
             "intervals": ["2026-12-05T07:00:00Z", "2026-12-05T07:30:00Z"],
             "groups": [{"by": {"outcome": "accepted"}, "totals": {"sum(quantity)": 165},
                         "series": {"sum(quantity)": [100, 65]}},
                        {"by": {"outcome": "filtered"}, "totals": {"sum(quantity)": 12},
                         "series": {"sum(quantity)": [10, 2]}}]}
            """;

    static final String SENTRY_ACCEPTED = "$.groups[?(@.by.outcome == 'accepted')].totals['sum(quantity)']";
}
