package io.rewind.executor.action;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.executor.target.HostTarget;

/**
 * The process of a {@code host} target as its manager (PM2 or systemd) sees it: one implementation per manager, chosen
 * by the target's {@code manager}. States are small maps for the step's before- and after-state (pid, status, restart
 * count), never the process's environment, which PM2 reports in full.
 */
public sealed interface HostProcess permits Pm2Process, SystemdUnit {

    Duration POLL = Duration.ofMillis(500);

    static HostProcess of(HostRunner runner, ObjectMapper json) {
        return HostTarget.PM2.equals(runner.target().manager()) ? new Pm2Process(runner, json) : new SystemdUnit(runner);
    }

    /**
     * The process now. {@code up}: running as its manager wants it; {@code failed}: its manager gave up on it;
     * {@code identity}: what changes when it is restarted (pids, restart count).
     */
    record Observation(boolean up, boolean failed, String identity, Map<String, Object> state, String summary) {
    }

    /** The process now; a {@link StepFailure} when its manager does not know it. */
    Observation observe();

    /** The commands a restart runs, the restart first, then how the process is watched. */
    List<List<String>> restartCommands();

    /** Restarts it, with {@code env} where the manager takes it from the caller (PM2's {@code --update-env}). */
    void restart(Map<String, String> env);

    /** "pm2 process shop", "systemd unit shop.service". */
    String name();

    /**
     * Waits until the restarted process is up (within {@code comeUp}) and has stayed up for {@code stable}, its pids
     * and restart count unchanged; its state then. A {@link StepFailure} when it fails, flaps or never comes up.
     */
    default Observation awaitStable(Duration comeUp, Duration stable) {
        long start = System.nanoTime();
        Observation first = null;
        long upSince = 0;
        while (true) {
            Observation now = observe();
            long at = System.nanoTime();
            if (now.failed()) {
                throw new StepFailure("error: " + name() + " is " + now.summary() + " after the restart");
            }
            if (first == null) {
                if (now.up()) {
                    first = now;
                    upSince = at;
                } else if (at - start > comeUp.toNanos()) {
                    throw new StepFailure("error: " + name() + " did not come up within " + comeUp.toSeconds()
                            + "s of the restart: " + now.summary());
                }
            } else if (!now.up() || !now.identity().equals(first.identity())) {
                throw new StepFailure("error: " + name() + " did not stay up after the restart: it was " + first.summary()
                        + ", then " + now.summary());
            }
            if (first != null && at - upSince >= stable.toNanos()) {
                return now;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while watching " + name(), e);
            }
        }
    }
}
