package io.rewind.executor;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a plan step does, written in JSON by its dotted name ({@code "kubernetes.undo"}). Closed on purpose: the executor
 * must know how to run, snapshot and verify every kind it accepts.
 *
 * <p>Each constant documents the {@code params} it takes; {@code io.rewind.executor.service.StepValidator} enforces them.
 * A parameter a kind does not list is refused rather than ignored, so a misspelt optional parameter cannot silently
 * change what a rollback does. Secrets (tokens, passwords) never go into a plan, which every viewer can read: they are
 * configured on executor-service.
 *
 * <p>Kubernetes names follow Kubernetes' own rules: a namespace, container or subset is a DNS label; a Deployment,
 * VirtualService or ConfigMap a DNS subdomain; a Service a DNS-1035 label.
 */
public enum StepKind {

    /**
     * Rolls a Deployment back to an earlier ReplicaSet, like {@code kubectl rollout undo}.
     * Params: {@code namespace}, {@code deployment}; optional {@code toRevision} (a positive integer), which defaults to
     * the revision before the current one.
     */
    KUBERNETES_UNDO("kubernetes.undo", Duration.ofMinutes(5)),

    /** Sets a Deployment's replica count. Params: {@code namespace}, {@code deployment}, {@code replicas} (an integer, 0 or more). */
    KUBERNETES_SCALE("kubernetes.scale", Duration.ofMinutes(5)),

    /**
     * Sets one environment variable of a Deployment's container, which rolls its pods.
     * Params: {@code namespace}, {@code deployment}, {@code name} (an environment variable name), {@code value} (a string,
     * possibly empty); optional {@code container}, required in practice when the pod has more than one container.
     */
    KUBERNETES_SET_ENV("kubernetes.setEnv", Duration.ofMinutes(5)),

    /**
     * Points a Service at other pods by replacing its selector (blue/green).
     * Params: {@code namespace}, {@code service}, {@code selector} (a non-empty object of label key to label value,
     * e.g. {@code {"color": "blue"}}).
     */
    KUBERNETES_SWITCH_SERVICE("kubernetes.switchService", Duration.ofMinutes(1)),

    /**
     * Sets the traffic split of an Istio VirtualService route between the subsets of its destination (canary).
     * Params: {@code namespace}, {@code virtualService}, {@code weights} (an object of subset name to an integer 0..100,
     * adding up to 100); optional {@code route}, the name of the HTTP route to change when there is more than one.
     */
    ISTIO_SET_WEIGHTS("istio.setWeights", Duration.ofMinutes(1)),

    /**
     * Rewrites an nginx include file to point at other servers, checks the configuration ({@code nginx -t}) and reloads.
     * Params: {@code includeFile} (an absolute path), {@code upstream} (the name of an upstream block, or a non-empty
     * array of servers such as {@code "10.0.0.7:8080"}); optional {@code nginxBinary} (an absolute path or a command on
     * the PATH, default {@code nginx}), {@code prefix} (nginx's {@code -p}, an absolute path) and {@code config}
     * (nginx's {@code -c}, the absolute path of the main configuration file, default nginx's compiled-in one).
     * An array of servers is written as {@code server ...;} lines, for an include inside an {@code upstream} block; a
     * name as {@code proxy_pass http://name;}, for an include inside a {@code location}.
     */
    NGINX_SWITCH_UPSTREAM("nginx.switchUpstream", Duration.ofMinutes(1)),

    /**
     * Turns a feature flag off.
     * Params: {@code provider} ({@code unleash} or {@code flagd}), {@code feature}; for Unleash also {@code url}
     * (http or https), {@code project} and {@code environment} (the API token is executor configuration); for flagd
     * backed by a Kubernetes ConfigMap also {@code namespace} and {@code configMap}, and optional {@code key}, the
     * ConfigMap entry holding the flag definitions.
     */
    FLAG_DISABLE("flag.disable", Duration.ofMinutes(1)),

    /**
     * Runs a down-migration script in one transaction, refusing unless the schema is at the version expected before,
     * and recording the version expected after.
     * Params: {@code database} (a database registered with backup-service; its connection for this step is configured
     * on executor-service, {@code rewind.executor.databases.<name>}), {@code script} (SQL text),
     * {@code expectedVersionBefore} and {@code expectedVersionAfter} (schema versions, a string or an integer, which
     * differ).
     */
    POSTGRES_DOWN_MIGRATION("postgres.downMigration", Duration.ofMinutes(30)),

    /**
     * Restores a database from a backup through backup-service.
     * Params: {@code database}; optional {@code backupId} (a UUID, default the newest verified backup) and {@code force}
     * (a boolean: restore even over writes made since the backup, default false).
     */
    POSTGRES_RESTORE("postgres.restore", Duration.ofHours(2)),

    /** Waits until a Deployment's rollout is complete, like {@code kubectl rollout status}. Params: {@code namespace}, {@code deployment}. */
    VERIFY_ROLLOUT_STATUS("verify.rolloutStatus", Duration.ofMinutes(10)),

    /**
     * Calls a URL and checks the answer.
     * Params: {@code url} (http or https); optional {@code method} (default GET), {@code expectStatus} (100..599,
     * default 200), {@code bodyContains} (text the body must contain) and {@code retries} (0..100, default 0).
     */
    VERIFY_HTTP("verify.http", Duration.ofMinutes(2)),

    /**
     * Evaluates a Prometheus query and checks the result, either against a fixed threshold or against a baseline.
     * Params: {@code query}, and either {@code threshold} (a number) with {@code operator} ({@code lt}, {@code le},
     * {@code gt}, {@code ge}: the query's value must be ... the threshold), or {@code baselineQuery} with
     * {@code maxIncreasePercent} (a number, 0 or more: how much the value may exceed the baseline's).
     */
    VERIFY_METRIC("verify.metric", Duration.ofMinutes(5)),

    /**
     * Posts an update to the incident on status-service.
     * Params: {@code status} ({@code investigating}, {@code identified}, {@code monitoring}, {@code resolved}) and
     * exactly one of {@code template} (the name of a status-service template) or {@code message} (the text); optional
     * {@code impact} ({@code none}, {@code minor}, {@code major}, {@code critical}) and {@code components} (an object of
     * status-page component name to the status this update puts it in, e.g. {@code {"Checkout": "partial_outage"}};
     * resolving the incident returns its components to operational).
     */
    STATUS_UPDATE("status.update", Duration.ofMinutes(1)),

    /**
     * Pauses the plan, for example to let caches drain or metrics settle. Params: {@code duration} (an ISO-8601
     * duration, at most PT24H). Its default timeout is the duration plus a minute.
     */
    WAIT("wait", Duration.ofMinutes(1)),

    /** Stops until a person approves continuing. Params: optional {@code message}, shown to the approver. */
    APPROVAL("approval", Duration.ofHours(1));

    private final String id;
    private final Duration defaultTimeout;

    StepKind(String id, Duration defaultTimeout) {
        this.id = id;
        this.defaultTimeout = defaultTimeout;
    }

    /** The dotted name, as written in plans. */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * How long a step of this kind may run when its plan sets no timeout. For {@link #WAIT} that is the waited
     * {@code duration} plus this margin, so the wait itself never times out.
     *
     * @param params the step's parameters, already valid
     */
    public Duration defaultTimeout(Map<String, Object> params) {
        if (this == WAIT && params.get("duration") instanceof String duration) {
            return Duration.parse(duration).plus(defaultTimeout);
        }
        return defaultTimeout;
    }

    /** The kind written as {@code id} ({@code "kubernetes.undo"}). */
    public static StepKind fromId(String id) {
        for (StepKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown step kind '" + id + "'");
    }

    /** The dotted name: error messages list the accepted values as clients write them. */
    @Override
    public String toString() {
        return id;
    }
}
