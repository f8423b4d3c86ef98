package io.rewind.status;

import java.util.List;

/**
 * Where an incident or a maintenance stands: its {@link IncidentStatus} or {@link MaintenanceStatus}, Statuspage's
 * names, which never overlap. One column stores both, as Statuspage models a maintenance as an incident with other
 * statuses; each kind accepts only its own (the table's CHECK constraint says so too).
 */
public sealed interface Progress permits IncidentStatus, MaintenanceStatus {

    /** The Statuspage name, as clients send it and as the database stores it. */
    String value();

    /** Resolved, postmortem or completed: nothing more is expected of it. */
    boolean closes();

    /** Whether it sets its components' statuses now: an open incident, a maintenance in progress or verifying. */
    boolean active();

    /** The statuses that close an incident or a maintenance. */
    List<Progress> CLOSED = List.of(IncidentStatus.RESOLVED, IncidentStatus.POSTMORTEM,
            MaintenanceStatus.COMPLETED);

    static Progress fromValue(String value) {
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        for (MaintenanceStatus status : MaintenanceStatus.values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown incident or maintenance status '" + value + "'");
    }
}
