package io.rewind.status;

/** What a row of the incidents table is: an incident, or a scheduled maintenance. */
public enum IncidentKind {
    INCIDENT("incident"),
    MAINTENANCE("maintenance");

    private final String value;

    IncidentKind(String value) {
        this.value = value;
    }

    /** The name the database stores. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    public static IncidentKind fromValue(String value) {
        for (IncidentKind kind : values()) {
            if (kind.value.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown incident kind '" + value + "'");
    }
}
