package io.rewind.decision.notify;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.EscalationPolicy;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentEvent;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.repository.EscalationPolicyRepository;
import io.rewind.decision.repository.IncidentRepository;
import io.rewind.decision.repository.NotificationChannelRepository;
import io.rewind.decision.repository.NotificationDeliveryRepository;
import io.rewind.decision.repository.NotifierRepository;

/**
 * Turns new timeline events into deliveries. One transaction claims unhandled events ({@code FOR UPDATE SKIP LOCKED}),
 * writes one delivery per channel that wants each (rendered once, the exact bytes to send), and marks the events
 * handled: a crash before the commit leaves the events unhandled and nothing written, and a replica never sees an event
 * another holds. The unique key (event, channel) makes a second delivery of the same event to the same channel
 * impossible even so.
 */
@ApplicationScoped
public class NotificationOutbox {

    private static final int BATCH = 100;

    private final NotifierRepository notifier;
    private final IncidentRepository incidents;
    private final NotificationChannelRepository channels;
    private final EscalationPolicyRepository policies;
    private final NotificationDeliveryRepository deliveries;
    private final ObjectMapper json;

    public NotificationOutbox(NotifierRepository notifier, IncidentRepository incidents,
            NotificationChannelRepository channels, EscalationPolicyRepository policies,
            NotificationDeliveryRepository deliveries, ObjectMapper json) {
        this.notifier = notifier;
        this.incidents = incidents;
        this.channels = channels;
        this.policies = policies;
        this.deliveries = deliveries;
        this.json = json;
    }

    private record Context(Map<UUID, Incident> incidents, List<NotificationChannel> channels,
            Map<String, EscalationPolicy> policies, Map<Long, Integer> levels) {
    }

    /** Handles the next batch of events; the number of deliveries written. */
    public Uni<Integer> writeDue() {
        return Panache.withTransaction(() -> notifier.claimUnhandled(BATCH).chain(events -> {
            if (events.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Long> ids = events.stream().map(e -> e.id).toList();
            Set<UUID> incidentIds = events.stream().map(e -> e.incidentId).collect(Collectors.toSet());
            return incidents.list("id in ?1", incidentIds)
                    .chain(found -> channels.enabled().chain(enabled -> policies
                            .forServices(found.stream().map(i -> i.service).collect(Collectors.toSet()))
                            .chain(pols -> notifier.reminderLevels(ids).map(levels -> new Context(
                                    found.stream().collect(Collectors.toMap(i -> i.id, Function.identity())), enabled,
                                    pols.stream().collect(Collectors.toMap(p -> p.service, Function.identity())), levels)))))
                    .chain(context -> {
                        List<NotificationDelivery> written = new ArrayList<>();
                        OffsetDateTime now = NotificationSender.now();
                        for (IncidentEvent event : events) {
                            written.addAll(deliveriesFor(event, context, now));
                        }
                        Uni<Void> persisted = written.isEmpty() ? Uni.createFrom().voidItem() : deliveries.persist(written);
                        return persisted.chain(() -> notifier.markHandled(ids, now))
                                .chain(() -> Multi.createFrom().iterable(written)
                                        .filter(d -> d.state == NotificationDelivery.State.FAILED).onItem()
                                        .transformToUniAndConcatenate(d -> notifier.recordOutcome(d.incidentId, now,
                                                "NOTIFICATION_FAILED", "notifying " + d.channel + " (" + d.event + ") failed: "
                                                        + d.lastError))
                                        .collect().asList())
                                .replaceWith(written.size());
                    });
        }));
    }

    private List<NotificationDelivery> deliveriesFor(IncidentEvent event, Context context, OffsetDateTime now) {
        Incident incident = context.incidents().get(event.incidentId);
        if (incident == null) {
            return List.of();
        }
        NotificationEvent kind = NotificationEvent.of(event.kind, incident.status).orElse(null);
        if (kind == null) {
            return List.of();
        }
        List<NotificationChannel> wanting = context.channels().stream().filter(c -> c.wants(kind, incident.service)).toList();
        if (wanting.isEmpty()) {
            return List.of();
        }
        EscalationPolicy policy = context.policies().getOrDefault(incident.service,
                context.policies().get(EscalationPolicy.DEFAULT));
        Escalation escalation = new Escalation(policy == null ? List.of() : policy.contacts());
        int level = context.levels().getOrDefault(event.id, 1);
        List<Contact> told = escalation.atLevel(level);
        Messages.Message message = Messages.render(kind, event.kind, incident, event.at, event.detail, level, told, escalation);
        List<NotificationDelivery> out = new ArrayList<>();
        for (NotificationChannel channel : wanting) {
            NotificationDelivery d = new NotificationDelivery();
            d.id = UUID.randomUUID();
            d.incidentId = incident.id;
            d.eventId = event.id;
            d.event = kind;
            d.channel = channel.name;
            d.kind = channel.kind;
            d.escalationOrder = told.isEmpty() ? null : told.get(0).order();
            d.state = NotificationDelivery.State.PENDING;
            d.nextAttemptAt = now;
            d.createdAt = now;
            switch (channel.kind) {
                case SLACK -> d.body = write(Map.of("text", slackText(message.text(), told)));
                case WEBHOOK -> {
                    Map<String, Object> body = new LinkedHashMap<>(message.facts());
                    body.put("text", message.text());
                    body.put("delivery", d.id);
                    body.put("channel", channel.name);
                    d.body = write(body);
                }
                case EMAIL -> {
                    d.subject = "[Rewind] " + oneLine(message.subject());
                    d.body = message.text();
                    List<String> to = channel.settings.email().to();
                    List<String> addresses = to != null && !to.isEmpty() ? List.copyOf(to)
                            : told.stream().flatMap(c -> c.email() == null ? java.util.stream.Stream.<String>empty() : c.email().stream())
                                    .distinct().toList();
                    d.recipients = new Recipients(addresses);
                    if (addresses.isEmpty()) {
                        d.state = NotificationDelivery.State.FAILED;
                        d.nextAttemptAt = null;
                        d.lastError = "nobody to write to: the channel has no 'to' list and the escalation policy of "
                                + incident.service + " (or '*') has no e-mail address at escalation level " + level;
                    }
                }
                default -> throw new IllegalStateException(channel.kind.name());
            }
            out.add(d);
        }
        return out;
    }

    /** Slack's mrkdwn: {@code & < >} escaped, then the on-call contacts told mentioned by member id. */
    static String slackText(String text, List<Contact> told) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        List<String> mentions = told.stream().filter(c -> c.slack() != null).map(c -> "<@" + c.slack() + ">").toList();
        return mentions.isEmpty() ? escaped : escaped + "\n" + String.join(" ", mentions);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification body could not be written", e);
        }
    }
}
