package io.rewind.status.service;

import java.util.UUID;

/**
 * What posting an incident or an update answers: the incident as it is now, the update the request posted, and
 * whether this request posted it ({@code false}: a repeat under the same Idempotency-Key, which posted nothing).
 */
public record Posted(IncidentDetail detail, UUID updateId, boolean created) {
}
