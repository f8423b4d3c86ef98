package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.List;

import io.rewind.decision.EscalationPolicy;
import io.rewind.decision.notify.Contact;

/** A service's on-call list in escalation order ({@code *}: the default for services without their own). */
public record EscalationPolicyResponse(String service, List<Contact> contacts, OffsetDateTime updatedAt, String updatedBy) {

    static EscalationPolicyResponse from(EscalationPolicy p) {
        return new EscalationPolicyResponse(p.service, p.contacts(), p.updatedAt, p.updatedBy);
    }
}
