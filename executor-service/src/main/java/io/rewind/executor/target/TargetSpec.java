package io.rewind.executor.target;

import java.util.Map;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.ParamReader;

/**
 * Where and with what the executor acts, as an admin configured it: one record per {@link io.rewind.executor.TargetKind},
 * each read and validated in its own file. Steps name a target and say only what to do there; every program, file,
 * host, URL and credential an action uses comes from its target's spec.
 */
public sealed interface TargetSpec permits KubernetesTarget, NginxTarget, UnleashTarget, FlagdTarget, PostgresTarget,
        HttpTarget, PrometheusTarget, BackupTarget, WebTarget,
        HostTarget, AlbTarget, CommandsTarget, DockerTarget {

    /** A secret reference under {@code key}: {@code {"env": "NAME"}} or {@code {"file": "/run/secrets/name"}}. */
    static SecretReference secret(ParamReader spec, String key, boolean required) {
        ParamReader ref = spec.nested(key, required);
        if (ref == null) {
            return null;
        }
        String env = ref.string("env", false, false);
        String file = ref.string("file", false, false);
        ref.rejectUnknown();
        SecretReference reference = new SecretReference(env, file);
        if (spec.errors().stream().noneMatch(e -> e.field().startsWith(spec.path(key)))) {
            reference.problem().ifPresent(problem -> spec.error(key, problem));
        }
        return reference;
    }

    /**
     * The spec as it is stored, from {@code given}, the spec the admin sent: as given, unless the kind decides
     * something when the admin defines the target (a {@code host} target writes in the programs it found on the PATH).
     */
    default Map<String, Object> stored(Map<String, Object> given) {
        return given;
    }

    /** Secret references are written as they were given: references, never values. */
    static Map<String, Object> reference(SecretReference ref) {
        return ref.env() != null ? Map.of("env", ref.env()) : Map.of("file", ref.file());
    }
}
