package io.rewind.executor.params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status.update}: posts an update to the execution's incident on Rewind's status-service (configured on the
 * executor; this kind takes no target). Params: {@code status} ({@code investigating}, {@code identified},
 * {@code monitoring}, {@code resolved}) and exactly one of {@code template} (the name of a status-service template) or
 * {@code message} (the text); optional {@code impact} ({@code none}, {@code minor}, {@code major}, {@code critical})
 * and {@code components} (an object of status-page component name to the status this update puts it in, e.g.
 * {@code {"Checkout": "partial_outage"}}; resolving the incident returns its components to operational).
 */
public record StatusUpdateParams(String status, String template, String message, String impact,
        Map<String, String> components) implements StepParams {

    private static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");
    private static final List<String> IMPACTS = List.of("none", "minor", "major", "critical");
    private static final List<String> COMPONENT_STATUSES = List.of("operational", "degraded_performance",
            "partial_outage", "major_outage", "under_maintenance");

    public static StatusUpdateParams read(ParamReader p) {
        String status = p.oneOf("status", true, STATUSES);
        String impact = p.oneOf("impact", false, IMPACTS);
        Map<String, String> components = new LinkedHashMap<>();
        Object raw = p.get("components");
        Map<?, ?> given = null;
        if (raw != null && !(raw instanceof Map<?, ?>)) {
            p.error("components", "must be an object");
        } else if (raw instanceof Map<?, ?> map && map.isEmpty()) {
            p.error("components", "must name at least one component (or be left out)");
        } else if (raw instanceof Map<?, ?> map) {
            given = map;
        }
        if (given != null) {
            given.forEach((name, value) -> {
                if (name.toString().isBlank() || name.toString().length() > 100) {
                    p.error("components", "has a name that is not a component name (1 to 100 characters)");
                } else if (!(value instanceof String text) || !COMPONENT_STATUSES.contains(text)) {
                    p.error("components." + name, "must be one of " + String.join(", ", COMPONENT_STATUSES));
                } else {
                    components.put(name.toString(), text);
                }
            });
        }
        boolean hasTemplate = p.present("template");
        boolean hasMessage = p.present("message");
        String template = p.matching("template", false, Names.DNS_LABEL,
                "must be a template name: lower-case letters, digits and '-'");
        String message = p.text("message", false);
        if (hasTemplate && hasMessage) {
            p.error("message", "cannot be combined with template: give one of them");
        } else if (!hasTemplate && !hasMessage) {
            p.error("message", "is required (or template)");
        }
        return new StatusUpdateParams(status, template, message, impact, components);
    }
}
