package io.rewind.executor.target;

import io.rewind.executor.TargetKind;
import io.rewind.executor.params.ParamReader;

/** The reader of each {@link TargetKind}'s spec: the one place a new kind is registered. */
public final class TargetSpecs {

    private TargetSpecs() {
    }

    public static TargetSpec read(TargetKind kind, ParamReader spec) {
        TargetSpec read = switch (kind) {
            case KUBERNETES -> KubernetesTarget.read(spec);
            case NGINX -> NginxTarget.read(spec);
            case UNLEASH -> UnleashTarget.read(spec);
            case FLAGD -> FlagdTarget.read(spec);
            case POSTGRES -> PostgresTarget.read(spec);
            case HTTP -> HttpTarget.read(spec);
            case PROMETHEUS -> PrometheusTarget.read(spec);
            case BACKUP -> BackupTarget.read(spec);
            case WEB -> WebTarget.read(spec);
            case HOST -> HostTarget.read(spec);
            case AWS_ALB -> AlbTarget.read(spec);
            case COMMANDS -> CommandsTarget.read(spec);
            case DOCKER -> DockerTarget.read(spec);
        };
        spec.rejectUnknown();
        return read;
    }
}
