package io.rewind.backup.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.problem.Problem;

/**
 * What Jackson writes in a native executable without Quarkus seeing it at build time: common's exception mappers
 * build the problem+json body, and no resource method declares it as its return type, so nothing else keeps its
 * accessors (the body would be written as {@code {}}).
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
