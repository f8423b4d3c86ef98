package io.rewind.backup.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.rewind.common.ServiceNames;

/**
 * The body of {@code POST /api/backups/{id}/restores}.
 *
 * @param target the registered database to restore over (the backup's own or another)
 * @param confirm the target's name again: the restore replaces what the target holds
 */
public record RestoreRequest(
        @NotNull @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String target,
        @NotNull String confirm) {
}
