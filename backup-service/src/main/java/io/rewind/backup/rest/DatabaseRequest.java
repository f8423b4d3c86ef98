package io.rewind.backup.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.backup.DatabaseSettings;
import io.rewind.backup.Retention;
import io.rewind.common.ServiceNames;
import io.rewind.common.secret.SecretReference;

/**
 * The body of {@code POST /api/databases} and {@code PUT /api/databases/{name}}: what a GET returned, edited.
 * Read-only fields ({@code passwordResolvable}, timestamps) are ignored; omitted optional fields take their defaults.
 * The password reference, cron expressions and critical tables are checked by
 * {@link DatabaseSettings#invalidFields()}.
 */
public record DatabaseRequest(
        @NotNull @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String name,
        @NotNull @Pattern(regexp = HOST, message = HOST_MESSAGE) String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @NotNull @Pattern(regexp = PG_NAME, message = PG_NAME_MESSAGE) String database,
        @NotNull @Pattern(regexp = PG_NAME, message = PG_NAME_MESSAGE) String username,
        @NotNull SecretReference password,
        @Size(max = 100) List<String> criticalTables,
        @NotBlank @Size(max = 120) String backupCron,
        @NotBlank @Size(max = 120) String verificationCron,
        @Valid Retention retention,
        @Min(1) @Max(24 * 365) Integer maxBackupAgeHours,
        Boolean serviceRestores) {

    // Host, database and user end up as pg_dump arguments: no leading '-', so none can ever read as an option.
    static final String HOST = "[A-Za-z0-9:][A-Za-z0-9.:%_-]{0,252}";
    static final String HOST_MESSAGE = "must be a host name or an IP address, without scheme, port or path";
    static final String PG_NAME = "[A-Za-z0-9_][A-Za-z0-9_.$@-]{0,62}";
    static final String PG_NAME_MESSAGE = "must be at most 63 letters, digits, '_', '.', '$', '@' or '-',"
            + " starting with a letter, digit or '_'";

    DatabaseSettings settings() {
        return new DatabaseSettings(host, port, database, username, password, criticalTables, backupCron.strip(),
                verificationCron.strip(), retention,
                maxBackupAgeHours == null ? DatabaseSettings.DEFAULT_MAX_BACKUP_AGE_HOURS : maxBackupAgeHours,
                Boolean.TRUE.equals(serviceRestores));
    }
}
