package io.rewind.decision.notify;

import java.util.List;

/** The addresses an e-mail delivery writes to, as stored (a JSON object: Hibernate Reactive binds objects, not bare arrays). */
public record Recipients(List<String> to) {
}
