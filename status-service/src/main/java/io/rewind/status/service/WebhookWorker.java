package io.rewind.status.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Sends due webhook deliveries on an interval; a round still running when the next is due is skipped. */
@ApplicationScoped
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class);

    private final WebhookService webhooks;

    public WebhookWorker(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Scheduled(every = "${rewind.status.webhooks.poll-every:2s}", identity = "webhook-deliveries",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliver() {
        return webhooks.deliverDue().onFailure().recoverWithUni(failure -> {
            // The database is down or busy: the deliveries stay pending and are tried at the next round.
            LOG.debugf("Webhook round skipped: %s", failure.toString());
            return Uni.createFrom().voidItem();
        });
    }
}
