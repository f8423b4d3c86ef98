package io.rewind.executor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonValue;

import io.rewind.executor.params.AlbSwitchParams;
import io.rewind.executor.params.ApprovalParams;
import io.rewind.executor.params.DockerRedeployParams;
import io.rewind.executor.params.DownMigrationParams;
import io.rewind.executor.params.FlagDisableParams;
import io.rewind.executor.params.HostRollbackParams;
import io.rewind.executor.params.HttpCheckParams;
import io.rewind.executor.params.IstioWeightsParams;
import io.rewind.executor.params.MetricParams;
import io.rewind.executor.params.MigrationRollbackParams;
import io.rewind.executor.params.NginxSwitchUpstreamParams;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.params.RestoreParams;
import io.rewind.executor.params.RolloutStatusParams;
import io.rewind.executor.params.ScaleParams;
import io.rewind.executor.params.SetEnvParams;
import io.rewind.executor.params.StatusUpdateParams;
import io.rewind.executor.params.StepParams;
import io.rewind.executor.params.SwitchServiceParams;
import io.rewind.executor.params.UndoParams;
import io.rewind.executor.params.WaitParams;

/**
 * What a plan step does, written in JSON by its dotted name ({@code "kubernetes.undo"}). Closed on purpose: the executor
 * must know how to run, snapshot and verify every kind it accepts.
 *
 * <p>Each constant names the {@link TargetKind}s it acts on (a step names its target; kinds with none act only inside
 * Rewind) and the record of its parameters, in {@code io.rewind.executor.params}, which documents and validates them.
 * Adding a kind is its parameter record, its {@code StepAction} and one constant here.
 */
public enum StepKind {

    KUBERNETES_UNDO("kubernetes.undo", Duration.ofMinutes(5), UndoParams::read, TargetKind.KUBERNETES),
    KUBERNETES_SCALE("kubernetes.scale", Duration.ofMinutes(5), ScaleParams::read, TargetKind.KUBERNETES),
    KUBERNETES_SET_ENV("kubernetes.setEnv", Duration.ofMinutes(5), SetEnvParams::read, TargetKind.KUBERNETES),
    KUBERNETES_SWITCH_SERVICE("kubernetes.switchService", Duration.ofMinutes(1), SwitchServiceParams::read,
            TargetKind.KUBERNETES),
    ISTIO_SET_WEIGHTS("istio.setWeights", Duration.ofMinutes(1), IstioWeightsParams::read, TargetKind.KUBERNETES),
    NGINX_SWITCH_UPSTREAM("nginx.switchUpstream", Duration.ofMinutes(1), NginxSwitchUpstreamParams::read, TargetKind.NGINX),
    FLAG_DISABLE("flag.disable", Duration.ofMinutes(1), FlagDisableParams::read, TargetKind.UNLEASH, TargetKind.FLAGD),
    POSTGRES_DOWN_MIGRATION("postgres.downMigration", Duration.ofMinutes(30), DownMigrationParams::read,
            TargetKind.POSTGRES),
    POSTGRES_RESTORE("postgres.restore", Duration.ofHours(2), RestoreParams::read, TargetKind.BACKUP),
    VERIFY_ROLLOUT_STATUS("verify.rolloutStatus", Duration.ofMinutes(10), RolloutStatusParams::read, TargetKind.KUBERNETES),
    VERIFY_HTTP("verify.http", Duration.ofMinutes(2), HttpCheckParams::read, TargetKind.HTTP),
    VERIFY_METRIC("verify.metric", Duration.ofMinutes(5), MetricParams::read, TargetKind.PROMETHEUS,
            TargetKind.WEB),
    STATUS_UPDATE("status.update", Duration.ofMinutes(1), StatusUpdateParams::read),
    WAIT("wait", Duration.ofMinutes(1), WaitParams::read),
    APPROVAL("approval", Duration.ofHours(1), ApprovalParams::read),
    HOST_ROLLBACK("host.rollback", Duration.ofMinutes(20), HostRollbackParams::read, TargetKind.HOST),
    ALB_SWITCH_TARGET_GROUP("alb.switchTargetGroup", Duration.ofMinutes(2), AlbSwitchParams::read, TargetKind.AWS_ALB),
    MIGRATION_ROLLBACK("migration.rollback", Duration.ofMinutes(30), MigrationRollbackParams::read, TargetKind.COMMANDS),
    DOCKER_REDEPLOY("docker.redeploy", Duration.ofMinutes(10), DockerRedeployParams::read, TargetKind.DOCKER);

    private final String id;
    private final Duration defaultTimeout;
    private final Function<ParamReader, ? extends StepParams> reader;
    private final Set<TargetKind> targets;

    StepKind(String id, Duration defaultTimeout, Function<ParamReader, ? extends StepParams> reader, TargetKind... targets) {
        this.id = id;
        this.defaultTimeout = defaultTimeout;
        this.reader = reader;
        this.targets = targets.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(targets[0], targets));
    }

    /** The dotted name, as written in plans. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The kinds of target a step of this kind may name; empty when it takes none. */
    public Set<TargetKind> targets() {
        return targets;
    }

    /** Reads and validates a step's parameters; errors are recorded in the reader, unknown keys included. */
    public StepParams read(ParamReader params) {
        StepParams read = reader.apply(params);
        params.rejectUnknown();
        return read;
    }

    /** Stored parameters, which were valid when they were stored. */
    public StepParams parse(Map<String, Object> params) {
        return reader.apply(ParamReader.lenient(params));
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
