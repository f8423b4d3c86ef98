package io.rewind.status;

import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A component's status, with exactly Statuspage's values so that Statuspage clients and widgets read this page.
 * Declared in Statuspage's order; {@link #worst(Collection)} ranks them by how bad they are for a reader.
 */
public enum ComponentStatus {
    @JsonProperty("operational")
    OPERATIONAL("operational", 0),
    @JsonProperty("degraded_performance")
    DEGRADED_PERFORMANCE("degraded_performance", 2),
    @JsonProperty("partial_outage")
    PARTIAL_OUTAGE("partial_outage", 3),
    @JsonProperty("major_outage")
    MAJOR_OUTAGE("major_outage", 4),
    /** Planned work: worse than operational, but announced, so better than any unplanned degradation. */
    @JsonProperty("under_maintenance")
    UNDER_MAINTENANCE("under_maintenance", 1);

    private final String value;
    private final int badness;

    ComponentStatus(String value, int badness) {
        this.value = value;
        this.badness = badness;
    }

    /** The Statuspage name, as clients send it and as the database stores it. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The Statuspage name: error messages that list the accepted values must list what clients can send. */
    @Override
    public String toString() {
        return value;
    }

    public static ComponentStatus fromValue(String value) {
        for (ComponentStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown component status '" + value + "'");
    }

    /** The status a group shows: its worst member's, operational when it has none. */
    public static ComponentStatus worst(Collection<ComponentStatus> statuses) {
        ComponentStatus worst = OPERATIONAL;
        for (ComponentStatus status : statuses) {
            if (status.badness > worst.badness) {
                worst = status;
            }
        }
        return worst;
    }
}
