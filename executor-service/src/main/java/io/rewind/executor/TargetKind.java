package io.rewind.executor;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.rewind.executor.params.ParamReader;
import io.rewind.executor.target.TargetSpec;
import io.rewind.executor.target.TargetSpecs;

/**
 * What kind of thing a {@link Target} is, written by its name ({@code "kubernetes"}). Each kind's spec is a record of
 * its own in {@code io.rewind.executor.target}, which documents and validates it.
 */
public enum TargetKind {

    KUBERNETES("kubernetes"),
    NGINX("nginx"),
    UNLEASH("unleash"),
    FLAGD("flagd"),
    POSTGRES("postgres"),
    HTTP("http"),
    PROMETHEUS("prometheus"),
    BACKUP("backup"),
    WEB("web"),
    HOST("host"),
    AWS_ALB("aws-alb"),
    COMMANDS("commands"),
    DOCKER("docker");

    private final String id;

    TargetKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Reads and validates a spec of this kind; errors are recorded in the reader. */
    public TargetSpec read(ParamReader spec) {
        return TargetSpecs.read(this, spec);
    }

    @JsonCreator
    public static TargetKind fromId(String id) {
        for (TargetKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown target kind '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }

    /** Names the kinds as clients write them: "kubernetes, nginx, ...". */
    public static String list() {
        return String.join(", ", Arrays.stream(values()).map(TargetKind::id).toList());
    }
}
