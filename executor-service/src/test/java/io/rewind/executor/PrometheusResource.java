package io.rewind.executor;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.rewind.local.LocalPrometheus;

/**
 * A real Prometheus scraping, every second, the error ratio of a {@code good} service (0.002) and of a {@code bad} one
 * (0.2), and the bad one's baseline (0.19). Its URL is {@value #URL_PROPERTY}, for tests to define a {@code prometheus}
 * target with, as an admin would; it is not executor configuration.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "rewind.test.prometheus-url";

    private static final String METRICS = """
            # TYPE checkout_error_ratio gauge
            checkout_error_ratio{service="good"} 0.002
            checkout_error_ratio{service="bad"} 0.2
            # TYPE checkout_error_ratio_baseline gauge
            checkout_error_ratio_baseline{service="bad"} 0.19
            """;

    private LocalPrometheus prometheus;

    @Override
    public Map<String, String> start() {
        prometheus = LocalPrometheus.start(() -> METRICS);
        return Map.of(URL_PROPERTY, prometheus.url());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
