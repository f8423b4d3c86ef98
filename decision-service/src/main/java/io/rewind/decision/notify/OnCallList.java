package io.rewind.decision.notify;

import java.util.List;

/** An escalation policy's contacts as stored (a JSON object: Hibernate Reactive binds objects, not bare arrays). */
public record OnCallList(List<Contact> contacts) {
}
