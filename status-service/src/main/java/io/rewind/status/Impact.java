package io.rewind.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** How bad an incident is for readers, with Statuspage's values; maintenances always have impact {@code maintenance}. */
public enum Impact {
    @JsonProperty("none")
    NONE("none"),
    @JsonProperty("minor")
    MINOR("minor"),
    @JsonProperty("major")
    MAJOR("major"),
    @JsonProperty("critical")
    CRITICAL("critical"),
    @JsonProperty("maintenance")
    MAINTENANCE("maintenance");

    private final String value;

    Impact(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    public static Impact fromValue(String value) {
        for (Impact impact : values()) {
            if (impact.value.equals(value)) {
                return impact;
            }
        }
        throw new IllegalArgumentException("unknown impact '" + value + "'");
    }
}
