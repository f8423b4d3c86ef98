package io.rewind.decision.alert;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Prometheus Alertmanager's webhook notification, version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): one group of alerts, firing or resolved.
 * Only its shape is checked here; what its labels and annotations say is {@link AlertSignals}' business, and a value it
 * cannot use is noted, not refused.
 */
public record AlertmanagerPayload(
        @NotNull @Pattern(regexp = "4", message = "must be \"4\" (Alertmanager's webhook payload version 4)") String version,
        @NotBlank @Size(max = 10_000) String groupKey,
        @Min(0) Integer truncatedAlerts,
        @NotNull @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
        @Size(max = 1000) String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        @Size(max = 2000) String externalURL,
        @NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid Alert> alerts) {

    /**
     * @param endsAt for a firing alert, when it will be considered resolved unless Prometheus sends it again (or
     *        Alertmanager's zero time, 0001-01-01); for a resolved one, when it stopped firing
     * @param fingerprint Alertmanager's hash of the alert's labels: the same alert has the same fingerprint
     */
    public record Alert(
            @NotNull @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
            @NotNull @Size(max = 100) Map<@NotNull @Size(max = 200) String, @NotNull @Size(max = 4000) String> labels,
            @Size(max = 100) Map<@NotNull @Size(max = 200) String, @NotNull @Size(max = 10_000) String> annotations,
            @NotNull OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            @Size(max = 4000) String generatorURL,
            @NotBlank @Pattern(regexp = "[0-9a-f]{1,64}", message = "must be Alertmanager's hexadecimal fingerprint") String fingerprint) {

        public boolean firing() {
            return "firing".equals(status);
        }
    }

    /** The body decision-service answers a notification with (Alertmanager reads only the status). */
    public record Receipt(int alerts, List<Outcome> outcomes) {
    }

    /**
     * What became of one alert.
     *
     * @param result OPENED (it opened the incident), JOINED (an incident already open for its fingerprint or group),
     *        REPEATED (a notification of an alert already recorded), RESOLVED (recorded on its incident), RECORDED (kept,
     *        no incident: no valid service, or resolved before it was seen firing)
     */
    public record Outcome(String fingerprint, String result, UUID incidentId, List<String> notes) {
    }
}
