package io.rewind.status.service;

import java.util.Collection;
import java.util.UUID;

import io.rewind.status.ComponentStatus;
import io.rewind.status.Incident;

/** What a component shows when incidents and maintenances hold it. */
public final class Holders {

    private Holders() {
    }

    /**
     * The worst status any active incident or maintenance holds the component in; operational when none does. This is
     * what makes a component go green when its incident resolves, but only once no other open incident still holds it.
     */
    public static ComponentStatus statusFor(UUID component, Collection<Incident> incidents) {
        return ComponentStatus.worst(incidents.stream().filter(Incident::active)
                .flatMap(i -> i.components.statusOf(component).stream()).toList());
    }
}
