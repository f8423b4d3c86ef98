package io.rewind.status;

import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The page's overall status, Statuspage's {@code status.indicator} with its {@code description}: the worst of what
 * the components show and what the open incidents declare.
 */
public enum PageIndicator {
    NONE("none", "All Systems Operational", 0),
    MAINTENANCE("maintenance", "Service Under Maintenance", 1),
    MINOR("minor", "Minor Service Outage", 2),
    MAJOR("major", "Partial System Outage", 3),
    CRITICAL("critical", "Major Service Outage", 4);

    private final String value;
    private final String description;
    private final int rank;

    PageIndicator(String value, String description, int rank) {
        this.value = value;
        this.description = description;
        this.rank = rank;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public String description() {
        return description;
    }

    /**
     * Each component counts as Statuspage counts it (degraded performance minor, partial outage major, major outage
     * critical, maintenance below any outage), each open incident by its declared impact.
     */
    public static PageIndicator of(Collection<ComponentStatus> components, Collection<Impact> openIncidents) {
        PageIndicator worst = NONE;
        for (ComponentStatus status : components) {
            worst = worse(worst, switch (status) {
                case OPERATIONAL -> NONE;
                case UNDER_MAINTENANCE -> MAINTENANCE;
                case DEGRADED_PERFORMANCE -> MINOR;
                case PARTIAL_OUTAGE -> MAJOR;
                case MAJOR_OUTAGE -> CRITICAL;
            });
        }
        for (Impact impact : openIncidents) {
            worst = worse(worst, switch (impact) {
                case NONE -> NONE;
                case MAINTENANCE -> MAINTENANCE;
                case MINOR -> MINOR;
                case MAJOR -> MAJOR;
                case CRITICAL -> CRITICAL;
            });
        }
        return worst;
    }

    private static PageIndicator worse(PageIndicator a, PageIndicator b) {
        return b.rank > a.rank ? b : a;
    }
}
