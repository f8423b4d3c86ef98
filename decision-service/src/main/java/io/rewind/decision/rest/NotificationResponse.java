package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.NotificationEvent;

/**
 * One delivery: what was told to which channel about which timeline event, and how its attempts went.
 *
 * @param escalationOrder the on-call order it went to, when the policy had contacts at that level
 * @param recipients the e-mail addresses written to (e-mail channels only)
 * @param body exactly what was sent: Slack's or the webhook's JSON, or the e-mail's text
 */
public record NotificationResponse(UUID id, UUID incidentId, long eventId, NotificationEvent event, String channel,
        ChannelKind kind, Integer escalationOrder, List<String> recipients, String subject, String body,
        NotificationDelivery.State state, int attempts, Integer lastStatusCode, String lastError,
        OffsetDateTime nextAttemptAt, OffsetDateTime createdAt, OffsetDateTime deliveredAt) {

    static NotificationResponse from(NotificationDelivery d) {
        return new NotificationResponse(d.id, d.incidentId, d.eventId, d.event, d.channel, d.kind, d.escalationOrder,
                d.recipientAddresses(), d.subject, d.body, d.state, d.attempts, d.lastStatusCode, d.lastError, d.nextAttemptAt,
                d.createdAt, d.deliveredAt);
    }
}
