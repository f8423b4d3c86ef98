package io.rewind.executor.target;

import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code backup}: a database registered with backup-service that {@code postgres.restore} steps may restore.
 * Spec: {@code database} (its name there).
 */
public record BackupTarget(String database) implements TargetSpec {

    static BackupTarget read(ParamReader spec) {
        return new BackupTarget(spec.matching("database", true, Names.DNS_LABEL,
                "must be the name of a database registered with backup-service (a DNS label)"));
    }
}
