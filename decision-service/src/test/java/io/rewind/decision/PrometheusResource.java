package io.rewind.decision;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.local.LocalPrometheus;

/**
 * A real Prometheus scraping {@code http_requests_total} of two services every second: {@code good} with no errors and
 * {@code bad} with 20% of requests failing (100 more requests at each scrape).
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    private final AtomicLong requests = new AtomicLong();
    private LocalPrometheus prometheus;

    @Override
    public Map<String, String> start() {
        prometheus = LocalPrometheus.start(() -> {
            long total = requests.addAndGet(100);
            return """
                    # TYPE http_requests_total counter
                    http_requests_total{service="good",code="200"} %d
                    http_requests_total{service="good",code="500"} 0
                    http_requests_total{service="bad",code="200"} %d
                    http_requests_total{service="bad",code="500"} %d
                    """.formatted(total, total * 8 / 10, total * 2 / 10);
        });
        return Map.of("quarkus.rest-client.prometheus.url", prometheus.url());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
