package io.rewind.backup.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;

/**
 * A verification and its phases (checksum, structure, data, restore, compare), each with its duration.
 *
 * @param error every failed phase with its reason, when FAILED
 * @param restoreDuration how long the scratch restore took, when it ran to its end
 */
public record VerificationResponse(UUID id, UUID backupId, String database, VerificationStatus status,
        OffsetDateTime scheduledFor, OffsetDateTime requestedAt, OffsetDateTime startedAt, OffsetDateTime endedAt,
        List<Phase> phases, String error, Duration restoreDuration) {

    /** One phase: PASSED, FAILED or SKIPPED, with what it found. */
    public record Phase(String name, String status, Duration duration, String detail) {
    }

    static VerificationResponse from(Verification v) {
        List<Phase> phases = v.phases == null ? List.of() : v.phases.phases().stream()
                .map(p -> new Phase(p.name(), p.status(), Duration.ofMillis(p.durationMs()), p.detail())).toList();
        return new VerificationResponse(v.id, v.backupId, v.databaseName, v.status, v.scheduledFor, v.requestedAt,
                v.startedAt, v.endedAt, phases, v.error,
                v.restoreDurationMs == null ? null : Duration.ofMillis(v.restoreDurationMs));
    }
}
