package io.rewind.status.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.status.Delivery;
import io.rewind.status.Incident;
import io.rewind.status.IncidentUpdate;
import io.rewind.status.Subscriber;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.config.WebhookConfig;
import io.rewind.status.repository.DeliveryRepository;
import io.rewind.status.repository.SubscriberRepository;

/**
 * Webhook subscribers and their notifications. An update's deliveries are written in the update's own transaction
 * (an outbox), then sent by {@link #deliverDue()}: each body is signed with the subscriber's secret, HMAC-SHA256 in
 * {@code X-Rewind-Signature: sha256=<hex>}, and a failed attempt (no answer, or any status but 2xx) is retried after
 * the configured back-off, doubled each time, until the last attempt marks it failed.
 *
 * <p>Replicas share the work: each round claims its deliveries with {@code FOR UPDATE SKIP LOCKED} and holds them
 * until their outcomes are recorded, so each delivery is sent by one replica at a time. A replica that dies while
 * sending releases its claim with its connection, and the delivery is sent again: receivers see at-least-once delivery
 * and can tell a repeat by {@code X-Rewind-Delivery}.
 *
 * <p>A subscriber keeps at most {@link WebhookConfig#maxPendingPerSubscriber()} pending deliveries: when an update
 * queues one more, its oldest pending ones beyond that are marked dropped, in the same transaction.
 */
@ApplicationScoped
public class WebhookService {

    public static final String SIGNATURE_HEADER = "X-Rewind-Signature";
    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    private static final int BATCH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriberRepository subscribers;
    private final DeliveryRepository deliveries;
    private final WebhookConfig config;
    private final StatusPageConfig page;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Counter dropped;

    public WebhookService(SubscriberRepository subscribers, DeliveryRepository deliveries, WebhookConfig config,
            StatusPageConfig page, ObjectMapper json, MeterRegistry registry) {
        this.subscribers = subscribers;
        this.deliveries = deliveries;
        this.config = config;
        this.page = page;
        this.json = json;
        this.dropped = Counter.builder("rewind.status.webhooks.dropped")
                .description("Pending webhook deliveries dropped because their subscriber had too many pending")
                .register(registry);
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @WithSession
    public Uni<List<Subscriber>> list(ListPage page) {
        return subscribers.listOldestFirst(page);
    }

    @WithSession
    public Uni<Subscriber> get(UUID id) {
        return subscribers.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Subscriber", id));
    }

    /** Stores a subscriber; without a secret of its own, one is generated (and shown once, in the answer). */
    @WithTransaction
    public Uni<Subscriber> create(Subscriber draft) {
        if (draft.secret == null) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            draft.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        }
        draft.createdAt = IncidentService.now();
        return subscribers.persistAndFlush(draft);
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return subscribers.deleteById(id).chain(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Subscriber", id)));
    }

    /** One page of the subscriber's delivery log, newest first. */
    @WithSession
    public Uni<List<Delivery>> deliveries(UUID subscriberId, ListPage page) {
        return deliveries.listFor(subscriberId, page);
    }

    /** Queues the update for every subscriber, in the caller's transaction. */
    Uni<Void> enqueue(Incident incident, IncidentUpdate update, String event) {
        return subscribers.listAll().chain(all -> {
            if (all.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime now = IncidentService.now();
            List<Delivery> queued = all.stream().map(s -> {
                Delivery d = new Delivery();
                d.subscriberId = s.id;
                d.incidentId = incident.id;
                d.event = event;
                d.payload = payload(s.format, incident, update, event);
                d.status = Delivery.PENDING;
                d.attempts = 0;
                d.nextAttemptAt = now;
                d.createdAt = now;
                return d;
            }).toList();
            return deliveries.persist(queued).chain(deliveries::flush).chain(this::dropExcess);
        });
    }

    /** Keeps each subscriber's pending queue within its bound: the oldest pending go first. */
    private Uni<Void> dropExcess() {
        int keep = Math.max(1, config.maxPendingPerSubscriber());
        String why = "dropped unsent: the subscriber had more than " + keep + " deliveries pending";
        return deliveries.dropPendingBeyond(keep, why).invoke(counts -> counts.forEach((subscriber, count) -> {
            dropped.increment(count);
            LOG.warnf("Webhook subscriber %s had more than %d deliveries pending: dropped its %d oldest", subscriber,
                    keep, count);
        })).replaceWithVoid();
    }

    private String payload(String format, Incident incident, IncidentUpdate update, String event) {
        String link = (page.url().endsWith("/") ? page.url() : page.url() + "/") + "incidents/" + incident.id;
        Map<String, Object> body = new LinkedHashMap<>();
        if (Subscriber.SLACK.equals(format)) {
            String value = update.status.value();
            String status = value.substring(0, 1).toUpperCase() + value.substring(1).replace('_', ' ');
            body.put("text", "*[" + status + "] " + incident.name + "*\n" + update.body + "\n<" + link + "|" + link + ">");
        } else {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("id", incident.id);
            about.put("name", incident.name);
            about.put("status", incident.status.value());
            about.put("impact", incident.impact.value());
            about.put("shortlink", link);
            about.put("started_at", incident.startedAt);
            about.put("resolved_at", incident.resolvedAt);
            Map<String, Object> posted = new LinkedHashMap<>();
            posted.put("id", update.id);
            posted.put("status", update.status.value());
            posted.put("body", update.body);
            posted.put("created_at", update.createdAt);
            posted.put("affected_components", update.affectedComponents.components());
            body.put("event", event);
            body.put("page", Map.of("id", page.id(), "name", page.name(), "url", page.url()));
            body.put("incident", about);
            body.put("incident_update", posted);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload could not be written", e);
        }
    }

    /** {@code sha256=<hex>} of HMAC-SHA256 over the exact body, keyed with the subscriber's secret. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private record Attempt(UUID delivery, String url, String secret, String event, String payload) {
    }

    private record Outcome(UUID delivery, Integer statusCode, String error) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    /** Sends the deliveries that are due and records how each went, in one transaction that holds their rows. */
    public Uni<Void> deliverDue() {
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> deliveries.claimDue(IncidentService.now(), BATCH).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return subscribers.list("id in ?1", due.stream().map(d -> d.subscriberId).distinct().toList())
                    .map(found -> {
                        Map<UUID, Subscriber> byId = found.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
                        return due.stream().filter(d -> byId.containsKey(d.subscriberId))
                                .map(d -> new Attempt(d.id, byId.get(d.subscriberId).url, byId.get(d.subscriberId).secret,
                                        d.event, d.payload))
                                .toList();
                    })
                    .chain(attempts -> attempts.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(attempts.stream().map(this::send).toList()).andFailFast()
                                    // Back on the Vert.x context: Hibernate Reactive must not run on the HTTP client's
                                    // threads.
                                    .emitOn(task -> context.runOnContext(v -> task.run()))
                                    .invoke(outcomes -> record(due, outcomes)).replaceWithVoid());
        }));
    }

    private Uni<Outcome> send(Attempt attempt) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(attempt.url())).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Rewind-Status-Webhooks")
                    .header(SIGNATURE_HEADER, sign(attempt.secret(), attempt.payload()))
                    .header("X-Rewind-Event", attempt.event())
                    .header("X-Rewind-Delivery", attempt.delivery().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(attempt.payload(), StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Outcome(attempt.delivery(), null, "invalid URL: " + e.getMessage()));
        }
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> new Outcome(attempt.delivery(), response.statusCode(), null))
                .onFailure().recoverWithItem(failure -> new Outcome(attempt.delivery(), null,
                        failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }

    /** Writes each outcome on its claimed (managed) delivery; the transaction's commit stores them. */
    private void record(List<Delivery> claimed, List<Outcome> outcomes) {
        OffsetDateTime now = IncidentService.now();
        Map<UUID, Outcome> byId = outcomes.stream().collect(Collectors.toMap(Outcome::delivery, Function.identity()));
        for (Delivery d : claimed) {
            Outcome outcome = byId.get(d.id);
            if (outcome == null) {
                continue;
            }
            d.attempts++;
            d.lastStatusCode = outcome.statusCode();
            d.lastError = outcome.error() != null ? outcome.error()
                    : outcome.delivered() ? null : "answered HTTP " + outcome.statusCode();
            if (outcome.delivered()) {
                d.status = Delivery.DELIVERED;
                d.deliveredAt = now;
                d.nextAttemptAt = null;
            } else if (d.attempts >= config.maxAttempts()) {
                d.status = Delivery.FAILED;
                d.nextAttemptAt = null;
                LOG.warnf("Webhook delivery %s failed for good after %d attempts: %s", d.id, d.attempts, d.lastError);
            } else {
                Duration wait = config.backoff().multipliedBy(1L << Math.min(d.attempts - 1, 16));
                d.nextAttemptAt = now.plus(wait);
            }
        }
    }
}
