package io.rewind.decision.notify;

import io.rewind.common.secret.SecretReference;

/**
 * {@code webhook}: a JSON POST to {@code url} (http or https, no credentials or fragment), signed with the secret
 * {@code secret} refers to. Headers: {@code X-Rewind-Timestamp} (Unix seconds), {@code X-Rewind-Signature}
 * ({@code v1=} and the hex HMAC-SHA256 of {@code <timestamp>.<body>} keyed with the secret), {@code X-Rewind-Event}
 * and {@code X-Rewind-Delivery} (the delivery id, the same on every retry). A receiver recomputes the HMAC over the
 * timestamp header, a dot and the raw body, compares it in constant time, and refuses timestamps older than a few
 * minutes (replays); a repeated delivery id is a retry of one it may already have.
 */
public record WebhookChannel(String url, SecretReference secret) {

    void check(FieldChecks checks, String prefix) {
        checks.httpUrl(prefix + "url", url);
        checks.secret(prefix + "secret", secret, true);
    }
}
