package io.rewind.backup.rest;

import java.time.OffsetDateTime;
import java.util.List;

import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Retention;
import io.rewind.common.secret.SecretReference;

/**
 * A registered database. Carries where its password is, never the password.
 *
 * @param passwordResolvable whether backup-service can find the password right now (the variable is set, the file
 *        is readable); a false here means the next backup will fail
 * @param serviceRestores whether executor-service's key may restore over it
 */
public record DatabaseResponse(String name, String host, int port, String database, String username,
        SecretReference password, boolean passwordResolvable, List<String> criticalTables, String backupCron,
        String verificationCron, Retention retention, int maxBackupAgeHours, boolean serviceRestores,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static DatabaseResponse from(RegisteredDatabase database, boolean passwordResolvable) {
        return new DatabaseResponse(database.name, database.host, database.port, database.databaseName,
                database.username, database.passwordReference(), passwordResolvable, database.criticalTables,
                database.backupCron, database.verificationCron, database.retention(), database.maxBackupAgeHours,
                database.serviceRestores, database.createdAt, database.updatedAt);
    }
}
