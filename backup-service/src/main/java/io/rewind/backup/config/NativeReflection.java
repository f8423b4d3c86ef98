package io.rewind.backup.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.backup.Verification;
import io.rewind.common.problem.Problem;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores a verification's phases, a type only the entity names (without this the job
 * fails when it records them: found by the native integration test that verifies a backup).
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class,
        Verification.Phases.class, Verification.Phase.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
