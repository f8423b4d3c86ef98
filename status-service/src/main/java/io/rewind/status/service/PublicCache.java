package io.rewind.status.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.status.config.PublicCacheConfig;

/**
 * The public side's memory: one {@link PageSnapshot} read from the database, and each page or JSON document rendered
 * from it once. A change made through the admin API drops it ({@link #invalidate()}); otherwise it is read again after
 * the configured TTL, so that changes made through another instance show up too.
 *
 * <p>Only one read of the database is under way at a time: during a spike, requests that find the cache empty all
 * wait for the same read. When the database cannot be read, the last good snapshot is served, marked stale, and the
 * database is not tried again for {@link #RETRY_AFTER}, so an outage does not turn every request into a failed connect.
 */
@ApplicationScoped
public class PublicCache {

    /** How long to serve the last good copy before trying a failing database again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** How many rendered documents one snapshot keeps. */
    static final int MAX_RENDERS = 1000;

    private static final Logger LOG = Logger.getLogger(PublicCache.class);

    /**
     * A rendered document, with its validators and HTTP status (404 for a page about an unknown incident).
     * {@code lastModified} has whole seconds, as HTTP dates do.
     */
    public record Rendered(int status, byte[] body, String contentType, String etag, Instant lastModified) {

        public static Rendered of(byte[] body, String contentType, Instant lastModified) {
            return of(200, body, contentType, lastModified);
        }

        public static Rendered of(int status, byte[] body, String contentType, Instant lastModified) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
                return new Rendered(status, body, contentType, "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"",
                        lastModified.truncatedTo(ChronoUnit.SECONDS));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        public static Rendered text(int status, String body, String contentType, Instant lastModified) {
            return of(status, body.getBytes(StandardCharsets.UTF_8), contentType, lastModified);
        }
    }

    /** What to send: the document, and whether it comes from the last good copy because the database is down. */
    public record Served(Rendered rendered, boolean stale, Instant asOf) {
    }

    private record Cached(PageSnapshot snapshot, long generation, Instant loadedAt, Map<String, Rendered> renders) {
    }

    private final StatusPageService page;
    private final PublicCacheConfig config;
    private final AtomicLong generation = new AtomicLong();

    private volatile Cached current;
    private volatile Cached lastGood;
    private volatile Instant failedAt;
    private Uni<Cached> loading;

    public PublicCache(StatusPageService page, PublicCacheConfig config) {
        this.page = page;
        this.config = config;
    }

    /**
     * Drops what is cached: the next request reads the database again. A change that just committed also proves the
     * database is back, so an outage's back-off ends here too.
     */
    public void invalidate() {
        generation.incrementAndGet();
        current = null;
        failedAt = null;
    }

    /**
     * The document {@code key}, rendered by {@code render} from the current snapshot, or from the last good one when
     * the database cannot be read; a 503 problem only if it never could be read since start-up.
     */
    public Uni<Served> serve(String key, Function<PageSnapshot, Rendered> render) {
        Cached cached = current;
        Instant now = Instant.now();
        if (cached != null && cached.generation() == generation.get()
                && cached.loadedAt().plus(config.ttl()).isAfter(now)) {
            return Uni.createFrom().item(fresh(cached, key, render));
        }
        Instant failed = failedAt;
        if (failed != null && lastGood != null && failed.plus(RETRY_AFTER).isAfter(now)) {
            return Uni.createFrom().item(stale(lastGood, key, render));
        }
        return load().map(loaded -> fresh(loaded, key, render)).onFailure().recoverWithItem(failure -> {
            Cached good = lastGood;
            if (good == null) {
                throw ProblemException.unavailable("The status page cannot be read right now; please try again shortly.");
            }
            return stale(good, key, render);
        });
    }

    private static Served fresh(Cached cached, String key, Function<PageSnapshot, Rendered> render) {
        return new Served(rendered(cached, key, () -> render.apply(cached.snapshot())), false, cached.loadedAt());
    }

    private static Served stale(Cached good, String key, Function<PageSnapshot, Rendered> render) {
        // Rendered apart from the fresh copies: the HTML says how old it is.
        return new Served(rendered(good, "stale:" + key, () -> render.apply(good.snapshot().asStale())), true,
                good.loadedAt());
    }

    /** Keys include incident ids from URLs: past a bound, render without keeping, so made-up ids cannot fill memory. */
    private static Rendered rendered(Cached cached, String key, java.util.function.Supplier<Rendered> render) {
        Rendered kept = cached.renders().get(key);
        if (kept != null) {
            return kept;
        }
        Rendered rendered = render.get();
        if (cached.renders().size() < MAX_RENDERS) {
            cached.renders().putIfAbsent(key, rendered);
        }
        return rendered;
    }

    /** The one read under way, or a new one. */
    private synchronized Uni<Cached> load() {
        if (loading != null) {
            return loading;
        }
        long startedAt = generation.get();
        Uni<Cached> read = page.snapshot()
                .map(snapshot -> new Cached(snapshot, startedAt, Instant.now(), new ConcurrentHashMap<>()))
                .invoke(loaded -> {
                    // A change committed while this read ran may be missing from it: serve it, but do not keep it.
                    if (startedAt == generation.get()) {
                        current = loaded;
                    }
                    lastGood = loaded;
                    failedAt = null;
                })
                .onFailure().invoke(failure -> {
                    failedAt = Instant.now();
                    LOG.warnf("The status page could not be read from the database (%s); serving the last good copy",
                            failure.toString());
                })
                .onTermination().invoke(this::loaded)
                .memoize().indefinitely();
        loading = read;
        return read;
    }

    private synchronized void loaded() {
        loading = null;
    }
}
