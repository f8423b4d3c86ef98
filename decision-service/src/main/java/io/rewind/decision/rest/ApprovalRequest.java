package io.rewind.decision.rest;

import jakarta.validation.constraints.Size;

/** The body of approve and reject: an optional comment, kept with the approval. */
public record ApprovalRequest(@Size(max = 2000) String comment) {
}
