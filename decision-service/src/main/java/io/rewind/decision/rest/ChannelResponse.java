package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.List;

import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.EmailChannel;
import io.rewind.decision.notify.NotificationEvent;
import io.rewind.decision.notify.SlackChannel;
import io.rewind.decision.notify.WebhookChannel;

/**
 * A notification channel as any key reads it: secrets are references, never values (a Slack webhook URL included), and
 * {@code secrets} says whether each reference resolves on this replica, so a missing mount shows before a message fails.
 *
 * @param events null: every event
 * @param services null: every service
 */
public record ChannelResponse(String name, ChannelKind kind, String description, boolean enabled,
        List<NotificationEvent> events, List<String> services, SlackChannel slack, WebhookChannel webhook, EmailChannel email,
        List<SecretStatus> secrets, OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt, String updatedBy) {

    /** One secret reference, by its field, and whether it resolves here (without reading the secret). */
    public record SecretStatus(String field, SecretReference reference, boolean resolvable) {
    }

    static ChannelResponse from(NotificationChannel c) {
        List<SecretStatus> secrets = c.settings.secrets().entrySet().stream()
                .map(e -> new SecretStatus(e.getKey(), e.getValue(), SecretResolver.SYSTEM.isResolvable(e.getValue())))
                .toList();
        return new ChannelResponse(c.name, c.kind, c.description, c.enabled, c.filter.events(), c.filter.services(), c.settings.slack(),
                c.settings.webhook(), c.settings.email(), secrets, c.createdAt, c.createdBy, c.updatedAt, c.updatedBy);
    }
}
