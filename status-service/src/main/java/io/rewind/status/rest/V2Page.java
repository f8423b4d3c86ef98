package io.rewind.status.rest;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.config.StatusPageConfig;

/** Statuspage v2 {@code page}: which page answered, and when it last changed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record V2Page(String id, String name, String url, String timeZone, OffsetDateTime updatedAt) {

    static V2Page of(StatusPageConfig config, OffsetDateTime updatedAt) {
        return new V2Page(config.id(), config.name(), config.url(), config.timeZone().getId(), updatedAt);
    }
}
