package io.rewind.decision.notify;

import java.util.List;

import io.rewind.common.secret.SecretReference;

/**
 * {@code email}: mail through an SMTP server. {@code host} and {@code port} (default 587 with STARTTLS, 465 with TLS,
 * 25 without), {@code tls}: {@code STARTTLS} (required, the default), {@code TLS} (implicit, port 465) or {@code NONE}
 * (a local relay only), {@code from}, and optionally {@code username} with {@code password} as a secret reference.
 * Recipients are the fixed {@code to} list when given, else the e-mail addresses of the on-call contacts the event
 * escalates to (the service's escalation policy, or the {@code *} default).
 */
public record EmailChannel(String host, Integer port, Tls tls, String from, String username, SecretReference password,
        List<String> to) {

    public enum Tls {
        NONE, STARTTLS, TLS
    }

    public static final int MAX_RECIPIENTS = 50;

    /** With the defaults filled in: STARTTLS, and the port that goes with the TLS mode. */
    EmailChannel withDefaults() {
        Tls mode = tls == null ? Tls.STARTTLS : tls;
        int p = port != null ? port : switch (mode) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
        return new EmailChannel(host, p, mode, from, username, password, to == null ? List.of() : List.copyOf(to));
    }

    void check(FieldChecks checks, String prefix) {
        checks.host(prefix + "host", host);
        checks.port(prefix + "port", port);
        checks.email(prefix + "from", from);
        checks.text(prefix + "username", username);
        if (username != null && username.isBlank()) {
            checks.error(prefix + "username", "must not be blank; leave it out for a server without authentication");
        }
        checks.secret(prefix + "password", password, false);
        if ((username == null) != (password == null)) {
            checks.error(prefix + "password", "goes with username: give both, or neither for a server without authentication");
        }
        if (to != null) {
            if (to.size() > MAX_RECIPIENTS) {
                checks.error(prefix + "to", "must have at most " + MAX_RECIPIENTS + " addresses");
            } else {
                for (int i = 0; i < to.size(); i++) {
                    checks.email(prefix + "to[" + i + "]", to.get(i));
                }
            }
        }
    }
}
