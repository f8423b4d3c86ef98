package io.rewind.decision.notify;

import java.util.List;

/**
 * What a channel receives: these events ({@code null}: every event) of incidents on these services ({@code null}:
 * every service).
 */
public record ChannelFilter(List<NotificationEvent> events, List<String> services) {

    public boolean wants(NotificationEvent event, String service) {
        return (events == null || events.contains(event)) && (services == null || services.contains(service));
    }
}
