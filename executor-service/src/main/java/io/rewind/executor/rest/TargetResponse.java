package io.rewind.executor.rest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.Target;
import io.rewind.executor.TargetKind;

/**
 * A target as anyone with a key may read it: its spec holds secret references, never values, and {@code secrets} says
 * whether each reference resolves on this replica (a variable set, a file readable), so a missing mount shows before a
 * step fails on it.
 *
 * @param source {@code API}, or {@code FILE} for a target from the targets file (read-only through the API)
 */
public record TargetResponse(String name, TargetKind kind, String description, Map<String, Object> spec,
        List<SecretStatus> secrets, Target.Source source, OffsetDateTime createdAt, String createdBy,
        OffsetDateTime updatedAt, String updatedBy) {

    /** One secret reference of the spec, by its field, and whether it resolves here. */
    public record SecretStatus(String field, SecretReference reference, boolean resolvable) {
    }

    static TargetResponse from(Target target) {
        List<SecretStatus> secrets = new ArrayList<>();
        target.spec.forEach((field, value) -> collect(field, value, secrets));
        return new TargetResponse(target.name, target.kind, target.description, target.spec, secrets, target.source,
                target.createdAt, target.createdBy, target.updatedAt, target.updatedBy);
    }

    /** The secret references at {@code field} or inside it ({@code headers.DD-API-KEY} of a web target). */
    private static void collect(String field, Object value, List<SecretStatus> secrets) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            return;
        }
        if (map.keySet().stream().allMatch(k -> k.equals("env") || k.equals("file"))) {
            SecretReference ref = new SecretReference(map.get("env") instanceof String e ? e : null,
                    map.get("file") instanceof String f ? f : null);
            // Whether it resolves, without reading the secret itself.
            secrets.add(new SecretStatus(field, ref, ref.problem().isEmpty() && SecretResolver.SYSTEM.isResolvable(ref)));
            return;
        }
        map.forEach((key, nested) -> collect(field + "." + key, nested, secrets));
    }
}
