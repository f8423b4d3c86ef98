package io.rewind.decision.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** decision-service's own settings. */
@ConfigMapping(prefix = "rewind.decision")
public interface DecisionConfig {

    /**
     * Approvers who may sign off team-lead decisions, as {@code keyName:TEAM_LEAD}, comma separated
     * ({@code REWIND_APPROVER_LEVELS}). Every other key with the approver role is an on-call lead: it may approve
     * decisions that need an on-call lead, not those that need a team lead.
     */
    Optional<List<String>> approverLevels();

    /** How often the dispatcher sends approved rollbacks to executor-service and follows their executions. */
    @WithDefault("2s")
    Duration dispatchInterval();

    /** The longest wait between two attempts to reach executor-service; attempts back off up to it. */
    @WithDefault("PT1M")
    Duration dispatchMaxBackoff();

    /**
     * How many analyses may be queued or measuring at once, across all services
     * ({@code REWIND_DECISION_MAX_QUEUED_ANALYSES}). Each measures every metric of its spec at its interval against
     * Prometheus, so this bounds the load analyses put on Prometheus and on this service. A request beyond it is a
     * 429 with {@code Retry-After}; a request for a service and release already being analysed joins that analysis
     * and is answered even at the cap.
     */
    @WithDefault("50")
    int maxQueuedAnalyses();
}
