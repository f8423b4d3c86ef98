package io.rewind.decision.rest;

import java.util.List;

import io.rewind.decision.notify.Contact;

/** The body of {@code PUT /api/escalation-policies/{service}}: the whole on-call list, replacing the stored one. */
public record EscalationPolicyRequest(List<Contact> contacts) {
}
