package io.rewind.decision.rest;

import java.time.OffsetDateTime;

import io.rewind.decision.Policy;
import io.rewind.decision.PolicyVersion;

/**
 * A version of a service's policy.
 *
 * @param version 0 for the runbooks' defaults, which are in force until a policy is stored
 */
public record PolicyResponse(String service, int version, boolean defaults, OffsetDateTime createdAt, String createdBy,
        String comment, Policy rules) {

    static PolicyResponse from(PolicyVersion version) {
        return new PolicyResponse(version.service, version.version, version.version == 0, version.createdAt,
                version.createdBy, version.comment, version.rules);
    }
}
