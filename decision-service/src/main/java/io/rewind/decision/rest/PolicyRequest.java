package io.rewind.decision.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.decision.Policy;

/** The body of {@code PUT /api/policies/{service}}: what a GET returned, edited. Read-only fields are ignored. */
public record PolicyRequest(@NotNull @Valid Policy rules, @Size(max = 500) String comment) {
}
