package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.AffectedComponents;
import io.rewind.status.IncidentUpdate;

/**
 * A Statuspage v2 incident update. {@code affected_components} is {@code null} when the update changed no component,
 * as Statuspage sends it; Rewind posts no tweets, so {@code custom_tweet} and {@code tweet_id} are always null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({ "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
        "affected_components", "deliver_notifications", "custom_tweet", "tweet_id" })
public record V2IncidentUpdate(String id, String status, String body, String incidentId, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, OffsetDateTime displayAt, List<AffectedComponents.Affected> affectedComponents,
        boolean deliverNotifications, String customTweet, String tweetId) {

    static V2IncidentUpdate of(IncidentUpdate update) {
        List<AffectedComponents.Affected> affected = update.affectedComponents.components();
        return new V2IncidentUpdate(update.id.toString(), update.status.value(), update.body, update.incidentId.toString(),
                update.createdAt, update.updatedAt, update.displayAt, affected.isEmpty() ? null : affected, true,
                null, null);
    }
}
