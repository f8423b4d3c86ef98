package io.rewind.decision.rest;

import java.time.OffsetDateTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.decision.engine.Signals;

/**
 * The body of {@code POST /api/incidents}.
 *
 * @param detectedAt when the problem was first seen; defaults to now (a time in the future is taken as now)
 */
public record IncidentRequest(@Size(max = 200) String title, OffsetDateTime detectedAt, @NotNull @Valid Signals signals) {
}
