package io.rewind.decision.notify;

import io.rewind.common.secret.SecretReference;

/**
 * {@code slack}: a Slack incoming webhook. Its URL lets anyone who knows it post to the channel, so it is a secret:
 * {@code webhookUrl} is a reference ({@code {"env": "SLACK_WEBHOOK_URL"}} or {@code {"file": "/run/secrets/slack"}}),
 * read when a message is sent, and it must then hold an http or https URL. Messages are {@code {"text": ...}} in Slack's
 * mrkdwn; on-call contacts with a {@code slack} member id are mentioned ({@code <@U024BE7LH>}).
 */
public record SlackChannel(SecretReference webhookUrl) {

    void check(FieldChecks checks, String prefix) {
        checks.secret(prefix + "webhookUrl", webhookUrl, true);
    }
}
