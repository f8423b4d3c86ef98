package io.rewind.decision.notify;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;

/** Posts the delivery's JSON to the channel's URL, signed as {@link WebhookChannel} documents. */
@ApplicationScoped
public class WebhookTransport implements Transport {

    private final HttpPoster poster;
    private final SecretResolver secrets;
    private final Clock clock = Clock.systemUTC();

    public WebhookTransport(HttpPoster poster, SecretResolver secrets) {
        this.poster = poster;
        this.secrets = secrets;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WEBHOOK;
    }

    @Override
    public Uni<Outcome> send(NotificationDelivery delivery, NotificationChannel channel) {
        WebhookChannel webhook = channel.settings.webhook();
        return Uni.createFrom().item(() -> secrets.resolve(webhook.secret()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(secret -> {
                    if (secret.isEmpty()) {
                        return Uni.createFrom().item(Outcome.failed(null, "the signing secret (" + webhook.secret().describe()
                                + ") is not set on this replica"));
                    }
                    // Signed at each attempt: the timestamp says when this attempt was made, so receivers can refuse replays.
                    long timestamp = clock.instant().getEpochSecond();
                    return poster.post(webhook.url(), webhook.url(), Map.of(
                            Signatures.TIMESTAMP_HEADER, Long.toString(timestamp),
                            Signatures.SIGNATURE_HEADER, Signatures.sign(secret.get(), timestamp, delivery.body),
                            Signatures.EVENT_HEADER, delivery.event.name(),
                            Signatures.DELIVERY_HEADER, delivery.id.toString()), delivery.body);
                });
    }
}
