package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rewind.common.metric.WebSource;
import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.MetricSource;

/**
 * A metric source as anyone with a key may read it: its headers hold secret references, never values, and
 * {@code secrets} says whether each reference resolves on this replica (a variable set, a file readable), so a missing
 * mount shows before an analysis errs on it.
 */
public record MetricSourceResponse(String name, String kind, String description, String baseUrl,
        Map<String, WebSource.Header> headers, int timeoutSeconds, List<SecretStatus> secrets, OffsetDateTime createdAt,
        String createdBy, OffsetDateTime updatedAt, String updatedBy) {

    /** One secret reference, by its field ({@code headers.DD-API-KEY}), and whether it resolves here. */
    public record SecretStatus(String field, SecretReference reference, boolean resolvable) {
    }

    static MetricSourceResponse from(MetricSource source) {
        WebSource web = source.spec;
        Map<String, WebSource.Header> headers = web.headers() == null ? Map.of() : web.headers();
        List<SecretStatus> secrets = new ArrayList<>();
        headers.forEach((name, header) -> {
            SecretReference reference = header.secret();
            if (reference != null) {
                // Whether it resolves, without reading the secret itself.
                secrets.add(new SecretStatus("headers." + name, reference,
                        reference.problem().isEmpty() && SecretResolver.SYSTEM.isResolvable(reference)));
            }
        });
        return new MetricSourceResponse(source.name, source.kind, source.description, web.baseUrl(), headers,
                (int) web.timeout().toSeconds(), secrets, source.createdAt, source.createdBy, source.updatedAt,
                source.updatedBy);
    }
}
