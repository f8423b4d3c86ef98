package io.rewind.executor.target;

import java.util.LinkedHashMap;
import java.util.Map;

import io.rewind.common.metric.WebSource;
import io.rewind.executor.params.ParamReader;

/**
 * {@code web}: a JSON API that {@code verify.metric} asks, as Argo Rollouts' web provider does (Datadog, New Relic,
 * Sentry and the like). Spec: {@code baseUrl} (absolute http or https, no query); optional {@code headers}, each
 * {@code {"value": "..."}} or, for anything secret, a secret reference ({@code {"env": "DD_API_KEY"}},
 * {@code {"file": "/run/secrets/dd-api-key"}}): a header named like a credential ({@code DD-API-KEY},
 * {@code Authorization}) must be a reference; and {@code timeoutSeconds} (1 to 60, default 10). A step gives only a
 * path under the base URL and a JSONPath; the headers go to this base URL and nowhere else (redirects not followed).
 */
public record WebTarget(String baseUrl, Map<String, WebSource.Header> headers, Integer timeoutSeconds) implements TargetSpec {

    static WebTarget read(ParamReader spec) {
        String baseUrl = Urls.read(spec, "baseUrl", "the JSON API");
        Map<String, WebSource.Header> headers = new LinkedHashMap<>();
        Map<?, ?> given = spec.object("headers", false);
        if (given != null) {
            given.forEach((name, value) -> {
                String field = "headers." + name;
                if (!(value instanceof Map<?, ?> map)) {
                    spec.error(field, "must be {\"value\": ...} or a secret reference {\"env\": ...} or {\"file\": ...}");
                    return;
                }
                @SuppressWarnings("unchecked")
                ParamReader header = new ParamReader(spec.path(field), "web target headers", (Map<String, Object>) map,
                        spec.errors());
                String text = header.string("value", false, true);
                String env = header.string("env", false, false);
                String file = header.string("file", false, false);
                header.rejectUnknown();
                headers.put(String.valueOf(name), new WebSource.Header(text, env, file));
            });
        }
        Long timeout = spec.integer("timeoutSeconds", false, 1, WebSource.MAX_TIMEOUT_SECONDS);
        WebTarget target = new WebTarget(baseUrl, headers, timeout == null ? null : timeout.intValue());
        // The base URL and timeout were read above; the source's own rules add what only it knows of headers.
        target.source().problems().stream().filter(e -> e.field().startsWith("headers"))
                .filter(e -> spec.errors().stream().noneMatch(known -> known.field().startsWith(spec.path(e.field()))))
                .forEach(e -> spec.error(e.field(), e.message()));
        return target;
    }

    /** The source web metrics ask. */
    public WebSource source() {
        return new WebSource(baseUrl, headers, timeoutSeconds);
    }
}
