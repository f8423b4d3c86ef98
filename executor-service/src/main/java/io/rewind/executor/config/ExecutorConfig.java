package io.rewind.executor.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How executor-service runs executions. Every key has an environment variable, listed in the README. */
@ConfigMapping(prefix = "rewind.executor")
public interface ExecutorConfig {

    Worker worker();

    Http http();

    Kubernetes kubernetes();

    Events events();

    Nginx nginx();

    Queue queue();

    /**
     * Bounds on what one caller (API key) may have queued at once, beyond "one real execution per target": dry runs,
     * which any number of may run beside a real one, and inline (break-glass) executions, whose target is any name the
     * admin gives. One more is answered 429 with {@code Retry-After}.
     */
    interface Queue {

        /** The most dry runs one key may have pending or running at once. */
        @WithDefault("5")
        int maxDryRunsPerCaller();

        /** The most real inline (break-glass) executions one key may have pending or running at once. */
        @WithDefault("5")
        int maxInlineRunsPerCaller();
    }

    /**
     * A file of targets to load at start (YAML or JSON), so that they can live in Git and be mounted from a ConfigMap:
     * {@code targets: {shop-cluster: {kind: kubernetes, description: ..., spec: {namespaces: [shop]}}}}. Targets from the
     * file are written at every start and are read-only through the API. None by default.
     */
    Optional<String> targetsFile();

    interface Nginx {

        /** The longest one {@code nginx -t} or {@code nginx -s reload} may take before it is killed. */
        @WithDefault("30s")
        Duration commandTimeout();
    }

    Metric metric();

    Approval approval();

    Backup backup();

    interface Approval {

        /**
         * How often a waiting {@code approval} step looks for a decision. Approving or rejecting also makes the step due
         * at once, so this matters only when a worker was busy with the step at that very moment.
         */
        @WithDefault("30s")
        Duration recheckInterval();

        /**
         * Four eyes: whoever started an execution (its API key) cannot approve its {@code approval} steps; someone
         * else must. Rejecting stays open to anyone who may decide. {@code false} lets the starter approve too.
         */
        @WithDefault("true")
        boolean fourEyes();
    }

    interface Backup {

        /** How often {@code postgres.restore} asks backup-service how its restore is going. */
        @WithDefault("5s")
        Duration pollInterval();
    }

    interface Metric {

        /** How long {@code verify.metric} waits before asking again when a query gave no single number yet. */
        @WithDefault("10s")
        Duration retryDelay();
    }

    interface Events {

        /** How often an execution's event stream looks for progress. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** The most event streams of one execution open at once on this replica; one more is 429. */
        @WithDefault("20")
        int maxStreamsPerExecution();

        /** The most event streams open at once on this replica, of all executions; one more is 429. */
        @WithDefault("500")
        int maxStreams();
    }

    interface Worker {

        /** Whether this replica runs steps at all; a replica that only serves the API may turn it off. */
        @WithDefault("true")
        boolean enabled();

        /** How often the worker looks for a runnable step when it has nothing to do. */
        @WithDefault("1s")
        Duration interval();

        /**
         * How long a claimed step belongs to the worker that claimed it. A worker that dies mid-step leaves the step
         * RUNNING; once the lease has run out, another worker (or this one, restarted) takes it over and the step checks
         * its own effect before acting again. Must be longer than one attempt of any step.
         */
        @WithDefault("5m")
        Duration lease();

        /** How long to wait before trying a step again after an error that may pass (the Kubernetes API unreachable). */
        @WithDefault("5s")
        Duration retryDelay();

        /** The most steps one pass of the worker runs, so a backlog does not hold the scheduler thread forever. */
        @WithDefault("50")
        int maxStepsPerPass();
    }

    interface Http {

        /** The longest one request of a {@code verify.http} step may take (the step's own timeout also applies). */
        @WithDefault("10s")
        Duration requestTimeout();

        /** The pause between two attempts of a {@code verify.http} step that has retries. */
        @WithDefault("2s")
        Duration retryDelay();
    }

    interface Kubernetes {

        /** How often {@code verify.rolloutStatus} looks at a rollout again while it is in progress. */
        @WithDefault("2s")
        Duration pollInterval();

        /**
         * Whether {@code /q/health/ready} includes a check that the Kubernetes API answers. Off by default: a replica
         * that runs only database or HTTP steps should not be reported down because no cluster is reachable.
         */
        @WithDefault("false")
        boolean readiness();
    }
}
