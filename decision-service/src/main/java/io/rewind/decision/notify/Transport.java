package io.rewind.decision.notify;

import io.smallrye.mutiny.Uni;

import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;

/**
 * How one kind of channel sends a delivery: one implementation per {@link ChannelKind}. An attempt never fails the
 * Uni: its outcome says whether it was delivered and, when not, why, in words a viewer may read (never a secret, a
 * Java class name or a webhook URL that is itself a secret).
 */
public interface Transport {

    ChannelKind kind();

    /** One attempt. Called off the event loop's Hibernate session; may block briefly to read a secret file. */
    Uni<Outcome> send(NotificationDelivery delivery, NotificationChannel channel);

    /** The attempt's result: an HTTP status for webhooks, and an error when it was not delivered. */
    record Outcome(boolean delivered, Integer statusCode, String error) {

        public static Outcome delivered(Integer statusCode) {
            return new Outcome(true, statusCode, null);
        }

        public static Outcome failed(Integer statusCode, String error) {
            return new Outcome(false, statusCode, error);
        }
    }
}
