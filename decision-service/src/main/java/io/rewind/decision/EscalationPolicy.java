package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.decision.notify.Contact;
import io.rewind.decision.notify.OnCallList;

/** A service's on-call list in escalation order; service {@value #DEFAULT} holds the one for services without their own. */
@Entity
@Table(name = "escalation_policies")
public class EscalationPolicy {

    public static final String DEFAULT = "*";

    @Id
    public String service;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "on_call", nullable = false)
    public OnCallList onCall;

    public List<Contact> contacts() {
        return onCall == null || onCall.contacts() == null ? List.of() : onCall.contacts();
    }

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
