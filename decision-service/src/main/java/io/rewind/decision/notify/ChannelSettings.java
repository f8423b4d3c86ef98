package io.rewind.decision.notify;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.rewind.common.secret.SecretReference;

/**
 * A channel's settings for its kind, as stored: exactly the one object its kind names. Secrets are references only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelSettings(SlackChannel slack, WebhookChannel webhook, EmailChannel email) {

    /**
     * Checks that exactly the kind's object is given and is valid (fields named {@code slack.webhookUrl} …), and returns
     * it with its defaults; every mistake is in one 400.
     */
    public static ChannelSettings of(ChannelKind kind, SlackChannel slack, WebhookChannel webhook, EmailChannel email,
            FieldChecks checks) {
        if (kind == null) {
            checks.error("kind", "is required: slack, webhook or email");
            return null;
        }
        check(checks, kind, ChannelKind.SLACK, "slack", slack);
        check(checks, kind, ChannelKind.WEBHOOK, "webhook", webhook);
        check(checks, kind, ChannelKind.EMAIL, "email", email);
        return switch (kind) {
            case SLACK -> {
                if (slack != null) {
                    slack.check(checks, "slack.");
                }
                yield new ChannelSettings(slack, null, null);
            }
            case WEBHOOK -> {
                if (webhook != null) {
                    webhook.check(checks, "webhook.");
                }
                yield new ChannelSettings(null, webhook, null);
            }
            case EMAIL -> {
                if (email != null) {
                    email.check(checks, "email.");
                }
                yield new ChannelSettings(null, null, email == null ? null : email.withDefaults());
            }
        };
    }

    private static void check(FieldChecks checks, ChannelKind kind, ChannelKind owner, String field, Object value) {
        if (kind == owner && value == null) {
            checks.error(field, "is required for a channel of kind " + owner.id());
        } else if (kind != owner && value != null) {
            checks.error(field, "belongs to a channel of kind " + owner.id() + ", not " + kind.id());
        }
    }

    /** Each secret reference with the field it is in, e.g. {@code webhook.secret}. */
    public java.util.Map<String, SecretReference> secrets() {
        java.util.Map<String, SecretReference> secrets = new java.util.LinkedHashMap<>();
        if (slack != null && slack.webhookUrl() != null) {
            secrets.put("slack.webhookUrl", slack.webhookUrl());
        }
        if (webhook != null && webhook.secret() != null) {
            secrets.put("webhook.secret", webhook.secret());
        }
        if (email != null && email.password() != null) {
            secrets.put("email.password", email.password());
        }
        return secrets;
    }
}
