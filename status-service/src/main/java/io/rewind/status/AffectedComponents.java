package io.rewind.status;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What one update did to components, as Statuspage reports it in {@code incident_updates[].affected_components}.
 * Kept as it was when posted, so that a renamed component does not rewrite history.
 */
public record AffectedComponents(List<Affected> components) {

    /** @param code the component's id, which Statuspage calls its code here */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Affected(String code, String name, ComponentStatus oldStatus, ComponentStatus newStatus) {
    }
}
