package io.rewind.decision.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.ServiceNames;
import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.decision.EscalationPolicy;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.notify.ChannelFilter;
import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.ChannelSettings;
import io.rewind.decision.notify.Contact;
import io.rewind.decision.notify.EmailChannel;
import io.rewind.decision.notify.FieldChecks;
import io.rewind.decision.notify.NotificationEvent;
import io.rewind.decision.notify.OnCallList;
import io.rewind.decision.notify.SlackChannel;
import io.rewind.decision.notify.WebhookChannel;
import io.rewind.decision.repository.EscalationPolicyRepository;
import io.rewind.decision.repository.NotificationChannelRepository;
import io.rewind.decision.repository.NotificationDeliveryRepository;

/**
 * Notification channels and on-call escalation policies as admins write them, and the deliveries made through them.
 * A definition is checked whole before anything is stored: a mistake anywhere is a 400 naming every field in error.
 */
@ApplicationScoped
public class NotificationService {

    private static final Pattern SERVICE = Pattern.compile(ServiceNames.PATTERN);
    private static final int MAX_SERVICES = 100;

    private final NotificationChannelRepository channels;
    private final EscalationPolicyRepository policies;
    private final NotificationDeliveryRepository deliveries;

    public NotificationService(NotificationChannelRepository channels, EscalationPolicyRepository policies,
            NotificationDeliveryRepository deliveries) {
        this.channels = channels;
        this.policies = policies;
        this.deliveries = deliveries;
    }

    /**
     * A channel as an admin defines it: {@code kind} and the settings object of that kind ({@code slack},
     * {@code webhook} or {@code email}); {@code events} and {@code services} narrow what it receives (absent: all).
     */
    public record ChannelDefinition(ChannelKind kind, String description, Boolean enabled, List<NotificationEvent> events,
            List<String> services, SlackChannel slack, WebhookChannel webhook, EmailChannel email) {
    }

    /** Whether a PUT created or replaced. */
    public record Stored<T>(T value, boolean created) {
    }

    @WithSession
    public Uni<List<NotificationChannel>> channels(ListPage page) {
        return channels.page(page);
    }

    @WithSession
    public Uni<NotificationChannel> channel(String name) {
        return channels.findById(name).onItem().ifNull().failWith(() -> ProblemException.notFound("Notification channel", name));
    }

    @WithTransaction
    public Uni<Stored<NotificationChannel>> putChannel(String name, ChannelDefinition definition, String actor) {
        FieldChecks checks = new FieldChecks();
        ChannelSettings settings = ChannelSettings.of(definition.kind(), definition.slack(), definition.webhook(),
                definition.email(), checks);
        if (definition.description() != null && definition.description().length() > 500) {
            checks.error("description", "must be at most 500 characters");
        }
        if (definition.events() != null) {
            if (definition.events().isEmpty() || definition.events().contains(null)) {
                checks.error("events", "must name at least one event, each one of " + List.of(NotificationEvent.values())
                        + "; leave it out for all");
            } else if (new HashSet<>(definition.events()).size() != definition.events().size()) {
                checks.error("events", "must not name an event twice");
            }
        }
        checkServices(checks, definition.services());
        checks.throwIfAny();
        OffsetDateTime now = now();
        return channels.findById(name).chain(existing -> {
            NotificationChannel channel = existing != null ? existing : new NotificationChannel();
            if (existing == null) {
                channel.name = name;
                channel.createdAt = now;
                channel.createdBy = actor;
            }
            channel.kind = definition.kind();
            channel.description = definition.description();
            channel.enabled = definition.enabled() == null || definition.enabled();
            channel.filter = new ChannelFilter(definition.events() == null ? null : List.copyOf(definition.events()),
                    definition.services() == null ? null : List.copyOf(definition.services()));
            channel.settings = settings;
            channel.updatedAt = now;
            channel.updatedBy = actor;
            return (existing == null ? channels.persist(channel) : Uni.createFrom().item(channel))
                    .chain(channels::flush).replaceWith(new Stored<>(channel, existing == null));
        }).onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict(
                "Notification channel '" + name + "' was created at the same moment; read it and re-apply your change."));
    }

    @WithTransaction
    public Uni<Void> deleteChannel(String name) {
        return channels.deleteById(name).chain(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Notification channel", name)));
    }

    @WithSession
    public Uni<List<EscalationPolicy>> policies(ListPage page) {
        return policies.page(page);
    }

    @WithSession
    public Uni<EscalationPolicy> policy(String service) {
        return policies.findById(service).onItem().ifNull().failWith(() -> ProblemException.notFound("Escalation policy", service));
    }

    @WithTransaction
    public Uni<Stored<EscalationPolicy>> putPolicy(String service, List<Contact> contacts, String actor) {
        FieldChecks checks = new FieldChecks();
        Contact.check(checks, contacts);
        checks.throwIfAny();
        OffsetDateTime now = now();
        return policies.findById(service).chain(existing -> {
            EscalationPolicy policy = existing != null ? existing : new EscalationPolicy();
            policy.service = service;
            policy.onCall = new OnCallList(List.copyOf(contacts));
            policy.updatedAt = now;
            policy.updatedBy = actor;
            return (existing == null ? policies.persist(policy) : Uni.createFrom().item(policy))
                    .chain(policies::flush).replaceWith(new Stored<>(policy, existing == null));
        }).onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict(
                "The escalation policy of '" + service + "' was created at the same moment; read it and re-apply your change."));
    }

    @WithTransaction
    public Uni<Void> deletePolicy(String service) {
        return policies.deleteById(service).chain(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Escalation policy", service)));
    }

    /** One page of deliveries, newest first, optionally of one incident, state or channel. */
    @WithSession
    public Uni<List<NotificationDelivery>> deliveries(UUID incident, NotificationDelivery.State state, String channel,
            ListPage page) {
        return deliveries.search(incident, state, channel, page);
    }

    /** The deliveries made for one incident, newest first: what the incident's people were told, and how it went. */
    @WithSession
    public Uni<List<NotificationDelivery>> deliveriesFor(UUID incident, ListPage page) {
        return deliveries.search(incident, null, null, page);
    }

    @WithSession
    public Uni<NotificationDelivery> delivery(UUID id) {
        return deliveries.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Notification", id));
    }

    private static void checkServices(FieldChecks checks, List<String> services) {
        if (services == null) {
            return;
        }
        if (services.isEmpty() || services.size() > MAX_SERVICES) {
            checks.error("services", "must name from 1 to " + MAX_SERVICES + " services; leave it out for all");
            return;
        }
        for (int i = 0; i < services.size(); i++) {
            String s = services.get(i);
            if (s == null || !SERVICE.matcher(s).matches()) {
                checks.error("services[" + i + "]", ServiceNames.MESSAGE);
            }
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
