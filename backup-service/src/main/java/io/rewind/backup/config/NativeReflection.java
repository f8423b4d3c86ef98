package io.rewind.backup.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.backup.Verification;
import io.rewind.common.problem.Problem;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores a verification's phases, a type only the entity names (without this the job
 * fails when it records them: found by the native integration test that verifies a backup). The items of the paged
 * lists are named only as type arguments of {@code RestResponse<List<...>>}; they are listed too, so that a page is
 * never written as empty objects.
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class,
        Verification.Phases.class, Verification.Phase.class,
        io.rewind.backup.rest.DatabaseResponse.class, io.rewind.backup.rest.BackupResponse.class,
        io.rewind.backup.rest.VerificationResponse.class, io.rewind.backup.rest.VerificationResponse.Phase.class,
        io.rewind.backup.rest.RestoreResponse.class, io.rewind.backup.Retention.class,
        io.rewind.common.secret.SecretReference.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
