package io.rewind.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** A scheduled maintenance's status, with Statuspage's values. Its components are under maintenance while it is active. */
public enum MaintenanceStatus implements Progress {
    @JsonProperty("scheduled")
    SCHEDULED("scheduled"),
    @JsonProperty("in_progress")
    IN_PROGRESS("in_progress"),
    @JsonProperty("verifying")
    VERIFYING("verifying"),
    @JsonProperty("completed")
    COMPLETED("completed");

    private final String value;

    MaintenanceStatus(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean active() {
        return this == IN_PROGRESS || this == VERIFYING;
    }

    @Override
    public boolean closes() {
        return this == COMPLETED;
    }
}
