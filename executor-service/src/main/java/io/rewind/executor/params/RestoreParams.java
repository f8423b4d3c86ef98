package io.rewind.executor.params;

import java.util.UUID;

/**
 * {@code postgres.restore}: restores the step's {@code backup} target's database through backup-service.
 * Params: optional {@code backupId} (a UUID, default the newest verified backup) and {@code force} (restore even over
 * writes made since the backup, default false).
 */
public record RestoreParams(UUID backupId, boolean force) implements StepParams {

    public static RestoreParams read(ParamReader p) {
        p.moved("database", "the step's backup target names the database (spec.database)");
        String backupId = p.string("backupId", false, false);
        UUID id = null;
        if (backupId != null) {
            try {
                id = UUID.fromString(backupId);
                if (!id.toString().equalsIgnoreCase(backupId)) {
                    id = null;
                }
            } catch (IllegalArgumentException e) {
                id = null;
            }
            if (id == null) {
                p.error("backupId", "must be the UUID of a backup" + ParamReader.echo(backupId));
            }
        }
        return new RestoreParams(id, Boolean.TRUE.equals(p.bool("force")));
    }
}
