package io.rewind.executor.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.problem.Problem;
import io.rewind.executor.Plan;
import io.rewind.executor.Step;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores a plan's steps in one JSON column whose wrapper record only the entity names.
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class, Plan.Steps.class, Step.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
