package io.rewind.decision.notify;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a channel delivers: a Slack incoming webhook, a signed JSON webhook, or e-mail over SMTP. */
public enum ChannelKind {
    @JsonProperty("slack")
    SLACK,
    @JsonProperty("webhook")
    WEBHOOK,
    @JsonProperty("email")
    EMAIL;

    /** The wire and column name: {@code slack}, {@code webhook}, {@code email}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stores the kind by its wire name, as the column's check constraint expects. */
    @Converter(autoApply = true)
    public static class Column implements AttributeConverter<ChannelKind, String> {

        @Override
        public String convertToDatabaseColumn(ChannelKind kind) {
            return kind == null ? null : kind.id();
        }

        @Override
        public ChannelKind convertToEntityAttribute(String value) {
            return value == null ? null : ChannelKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
