package io.rewind.backup.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.config.BackupConfig;

/**
 * Runs jobs on threads of their own, never on the event loop: pg_dump and pg_restore block for as long as a database
 * takes to copy. At most {@code rewind.backup.workers} run at once; the others wait in order.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final ExecutorService executor;

    public Worker(BackupConfig config) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, "rewind-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a job; a failure the job did not record itself is logged, never lost. */
    public void submit(String what, Runnable job) {
        executor.execute(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s stopped unexpectedly", what);
            }
        });
    }

    /**
     * Runs a reactive (Hibernate Reactive) operation from a worker thread and waits for its result. Stopping the
     * service interrupts running jobs, whose processes are then killed; the jobs are marked INTERRUPTED by the next
     * process to look.
     */
    public static <T> T await(Supplier<Uni<T>> operation) {
        try {
            return VertxContextSupport.subscribeAndAwait(operation);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
