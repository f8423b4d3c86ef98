package io.rewind.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Customers: a steady stream of requests through nginx, counting what they got back. */
final class Traffic implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final URI target;

    Traffic(String url, int perSecond) {
        this.target = URI.create(url);
        scheduler.scheduleAtFixedRate(this::one, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private void one() {
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            (r.statusCode() < 500 ? ok : failed).incrementAndGet();
        } catch (Exception e) {
            failed.incrementAndGet();
        }
    }

    /** Requests answered so far without and with a server error. */
    Counts counts() {
        return new Counts(ok.get(), failed.get());
    }

    record Counts(long ok, long failed) {

        Counts since(Counts earlier) {
            return new Counts(ok - earlier.ok, failed - earlier.failed);
        }

        long total() {
            return ok + failed;
        }

        @Override
        public String toString() {
            return failed + " failed of " + total() + " requests"
                    + (total() == 0 ? "" : String.format(" (%.1f %%)", 100.0 * failed / total()));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
