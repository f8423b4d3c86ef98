package io.rewind.executor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How executor-service runs executions. Every key has an environment variable, listed in the README. */
@ConfigMapping(prefix = "rewind.executor")
public interface ExecutorConfig {

    Worker worker();

    Http http();

    Kubernetes kubernetes();

    Events events();

    interface Events {

        /** How often an execution's event stream looks for progress. */
        @WithDefault("500ms")
        Duration pollInterval();
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
    }
}
