package io.rewind.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** An incident's status, with Statuspage's values. Resolved and postmortem close the incident. */
public enum IncidentStatus implements Progress {
    @JsonProperty("investigating")
    INVESTIGATING("investigating"),
    @JsonProperty("identified")
    IDENTIFIED("identified"),
    @JsonProperty("monitoring")
    MONITORING("monitoring"),
    @JsonProperty("resolved")
    RESOLVED("resolved"),
    @JsonProperty("postmortem")
    POSTMORTEM("postmortem");

    private final String value;

    IncidentStatus(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** The Statuspage name, so that validation messages list what clients can send. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean closes() {
        return this == RESOLVED || this == POSTMORTEM;
    }

    /** An incident sets its components' statuses for as long as it is open. */
    @Override
    public boolean active() {
        return !closes();
    }
}
