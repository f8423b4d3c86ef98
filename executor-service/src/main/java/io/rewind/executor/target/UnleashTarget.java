package io.rewind.executor.target;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.ParamReader;

/**
 * {@code unleash}: an Unleash server's admin API, one project and environment.
 * Spec: {@code url} (the server, with or without its trailing {@code /api}), {@code token} (a secret reference to an
 * admin API token), {@code environment}; optional {@code project} (default {@code default}). The token is sent to this
 * URL and nowhere else.
 */
public record UnleashTarget(String url, SecretReference token, String project, String environment) implements TargetSpec {

    static UnleashTarget read(ParamReader spec) {
        String url = Urls.read(spec, "url", "the Unleash server");
        SecretReference token = TargetSpec.secret(spec, "token", true);
        String project = spec.text("project", false, 100);
        String environment = spec.text("environment", true, 100);
        return new UnleashTarget(url, token, project == null ? "default" : project, environment);
    }
}
