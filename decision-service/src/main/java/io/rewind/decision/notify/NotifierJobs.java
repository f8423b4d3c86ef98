package io.rewind.decision.notify;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The notifier's two jobs, each skipped while its previous round still runs: one raises reminders and writes the
 * deliveries of new timeline events, the other sends what is due. A round that fails (the database is busy, a peer is
 * down) leaves everything as it was, and the next round tries again.
 */
@ApplicationScoped
public class NotifierJobs {

    private static final Logger LOG = Logger.getLogger(NotifierJobs.class);

    private final ReminderScanner reminders;
    private final NotificationOutbox outbox;
    private final NotificationSender sender;

    public NotifierJobs(ReminderScanner reminders, NotificationOutbox outbox, NotificationSender sender) {
        this.reminders = reminders;
        this.outbox = outbox;
        this.sender = sender;
    }

    @Scheduled(every = "${rewind.decision.notify.interval:2s}", delayed = "1s", identity = "notification-outbox",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> writeOutbox() {
        return reminders.raiseDue()
                .onFailure().invoke(e -> LOG.warnf(e, "notification reminders not raised this round; retrying next round"))
                .onFailure().recoverWithItem(0)
                .chain(outbox::writeDue)
                .onFailure().invoke(e -> LOG.warnf(e, "notification outbox round failed; retrying next round"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${rewind.decision.notify.interval:2s}", delayed = "1s", identity = "notification-sender",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> send() {
        return sender.deliverDue()
                .onFailure().invoke(e -> LOG.debugf("notification round skipped: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
