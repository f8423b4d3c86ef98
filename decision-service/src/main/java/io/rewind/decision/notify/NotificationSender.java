package io.rewind.decision.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.config.NotifyConfig;
import io.rewind.decision.repository.NotificationChannelRepository;
import io.rewind.decision.repository.NotificationDeliveryRepository;
import io.rewind.decision.repository.NotifierRepository;

/**
 * Sends due deliveries and records how each went. A round claims its deliveries with {@code FOR UPDATE SKIP LOCKED}
 * and holds them until their outcomes are written, in one transaction: two replicas never send the same delivery at
 * once, and one that dies mid-round releases its claim with its connection, so the delivery is sent again later
 * (receivers see at-least-once delivery, a repeat carrying the same {@code X-Rewind-Delivery}). A failed attempt is
 * retried after the back-off, doubled each time, until the last allowed attempt marks it FAILED; the incident's
 * timeline records each delivery's end ({@code NOTIFIED} or {@code NOTIFICATION_FAILED}), not every retry.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final int BATCH = 20;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final NotificationDeliveryRepository deliveries;
    private final NotificationChannelRepository channels;
    private final NotifierRepository notifier;
    private final Map<ChannelKind, Transport> transports;
    private final NotifyConfig config;

    public NotificationSender(NotificationDeliveryRepository deliveries, NotificationChannelRepository channels,
            NotifierRepository notifier, Instance<Transport> transports, NotifyConfig config) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.notifier = notifier;
        this.transports = transports.stream().collect(Collectors.toMap(Transport::kind, Function.identity()));
        this.config = config;
    }

    /** An attempt's outcome; {@code permanent} when trying again cannot help (the channel is gone or changed kind). */
    private record Attempt(NotificationDelivery delivery, Transport.Outcome outcome, boolean permanent) {
    }

    /** Sends what is due and records the outcomes; the number of deliveries attempted. */
    public Uni<Integer> deliverDue() {
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> deliveries.claimDue(now(), BATCH).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return channels.list("name in ?1", due.stream().map(d -> d.channel).distinct().toList())
                    .map(found -> found.stream().collect(Collectors.toMap(c -> c.name, Function.identity())))
                    .chain(byName -> Uni.join().all(due.stream().map(d -> attempt(d, byName.get(d.channel))).toList())
                            .andFailFast()
                            // Back on the Vert.x context: Hibernate Reactive must not run on the clients' threads.
                            .emitOn(task -> context.runOnContext(v -> task.run())))
                    .chain(attempts -> Multi.createFrom().iterable(attempts).onItem()
                            .transformToUniAndConcatenate(this::record).collect().asList())
                    .map(List::size);
        }));
    }

    private Uni<Attempt> attempt(NotificationDelivery delivery, NotificationChannel channel) {
        if (channel == null) {
            return Uni.createFrom().item(new Attempt(delivery, Transport.Outcome.failed(null,
                    "channel '" + delivery.channel + "' was deleted"), true));
        }
        if (channel.kind != delivery.kind) {
            return Uni.createFrom().item(new Attempt(delivery, Transport.Outcome.failed(null,
                    "channel '" + delivery.channel + "' is now of kind " + channel.kind.id() + ", not " + delivery.kind.id()),
                    true));
        }
        return transports.get(channel.kind).send(delivery, channel)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf(failure, "notification %s could not be attempted", delivery.id);
                    return Transport.Outcome.failed(null, "could not be attempted (the log has the cause)");
                })
                .map(outcome -> new Attempt(delivery, outcome, false));
    }

    /** Writes one outcome on its claimed (managed) delivery; the round's commit stores it. */
    private Uni<Void> record(Attempt attempt) {
        OffsetDateTime now = now();
        NotificationDelivery d = attempt.delivery();
        Transport.Outcome outcome = attempt.outcome();
        d.attempts++;
        d.lastStatusCode = outcome.statusCode();
        d.lastError = outcome.error();
        if (outcome.delivered()) {
            d.state = NotificationDelivery.State.DELIVERED;
            d.deliveredAt = now;
            d.nextAttemptAt = null;
            return notifier.recordOutcome(d.incidentId, now, "NOTIFIED", "notified " + d.channel + " (" + d.event + ")"
                    + (d.attempts > 1 ? " after " + d.attempts + " attempts" : "")).replaceWithVoid();
        }
        if (attempt.permanent() || d.attempts >= config.maxAttempts()) {
            d.state = NotificationDelivery.State.FAILED;
            d.nextAttemptAt = null;
            LOG.warnf("notification %s to %s failed for good after %d attempts: %s", d.id, d.channel, d.attempts, d.lastError);
            return notifier.recordOutcome(d.incidentId, now, "NOTIFICATION_FAILED", "notifying " + d.channel + " ("
                    + d.event + ") failed after " + d.attempts + " attempt" + (d.attempts == 1 ? "" : "s") + ": "
                    + d.lastError).replaceWithVoid();
        }
        d.nextAttemptAt = now.plus(backoff(d.attempts));
        return Uni.createFrom().voidItem();
    }

    /** The back-off after {@code attempts} failed attempts: the configured one, doubled each time, at most an hour. */
    Duration backoff(int attempts) {
        Duration wait = config.backoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
