package io.rewind.decision.notify;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;

/** Posts {@code {"text": …}} to the Slack incoming webhook whose URL the channel's secret reference holds. */
@ApplicationScoped
public class SlackTransport implements Transport {

    private final HttpPoster poster;
    private final SecretResolver secrets;

    public SlackTransport(HttpPoster poster, SecretResolver secrets) {
        this.poster = poster;
        this.secrets = secrets;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public Uni<Outcome> send(NotificationDelivery delivery, NotificationChannel channel) {
        SlackChannel slack = channel.settings.slack();
        return Uni.createFrom().item(() -> secrets.resolve(slack.webhookUrl()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(url -> url.isEmpty()
                        ? Uni.createFrom().item(Outcome.failed(null, "the Slack webhook URL (" + slack.webhookUrl().describe()
                                + ") is not set on this replica"))
                        // The URL is the credential: errors name the host at most.
                        : poster.post(url.get().trim(), "Slack (" + host(url.get()) + ")", Map.of(), delivery.body));
    }

    private static String host(String url) {
        try {
            String host = java.net.URI.create(url.trim()).getHost();
            return host == null ? "webhook" : host;
        } catch (IllegalArgumentException e) {
            return "webhook";
        }
    }
}
