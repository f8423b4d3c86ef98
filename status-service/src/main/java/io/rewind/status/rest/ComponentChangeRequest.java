package io.rewind.status.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import io.rewind.common.problem.ProblemException;
import io.rewind.status.ComponentStatus;
import io.rewind.status.service.ComponentChange;

/**
 * A component an incident affects, with the status the incident puts it in. Maintenances may leave {@code status}
 * out: their components are under maintenance while the maintenance is under way.
 */
public record ComponentChangeRequest(@NotNull UUID id, ComponentStatus status) {

    /** Incidents must say what state each component is in: there is no sensible default for an outage. */
    static List<ComponentChange> forIncident(List<ComponentChangeRequest> requests) {
        if (requests == null) {
            return List.of();
        }
        requireElements(requests);
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).status() == null) {
                throw ProblemException.invalid("components[" + i + "].status", "must not be null");
            }
        }
        return requests.stream().map(r -> new ComponentChange(r.id(), r.status())).toList();
    }

    static List<ComponentChange> forMaintenance(List<ComponentChangeRequest> requests) {
        if (requests == null) {
            return List.of();
        }
        requireElements(requests);
        return requests.stream().map(r -> new ComponentChange(r.id(), ComponentStatus.UNDER_MAINTENANCE)).toList();
    }

    /** A {@code null} in the list is the client's mistake, named as such, never a failure of ours. */
    private static void requireElements(List<ComponentChangeRequest> requests) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i) == null) {
                throw ProblemException.invalid("components[" + i + "]", "must not be null");
            }
            if (requests.get(i).id() == null) {
                throw ProblemException.invalid("components[" + i + "].id", "must not be null");
            }
        }
    }
}
