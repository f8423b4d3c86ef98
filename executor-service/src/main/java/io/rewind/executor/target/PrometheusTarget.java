package io.rewind.executor.target;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.ParamReader;

/**
 * {@code prometheus}: a Prometheus-compatible query API that {@code verify.metric} asks. Spec: {@code url} (the server,
 * whose {@code /api/v1/query} is called); optional {@code bearerToken} (a secret reference, sent as
 * {@code Authorization: Bearer} to this URL only).
 */
public record PrometheusTarget(String url, SecretReference bearerToken) implements TargetSpec {

    static PrometheusTarget read(ParamReader spec) {
        String url = Urls.read(spec, "url", "the Prometheus server");
        SecretReference token = TargetSpec.secret(spec, "bearerToken", false);
        return new PrometheusTarget(url, token);
    }
}
