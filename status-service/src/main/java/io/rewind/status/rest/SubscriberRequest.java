package io.rewind.status.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.status.Subscriber;

/**
 * The body of {@code POST /api/admin/subscribers}. {@code format} is {@code json} (the default) or {@code slack};
 * without a {@code secret}, one is generated.
 */
public record SubscriberRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL") String url,
        @Pattern(regexp = "json|slack", message = "must be one of json, slack") String format,
        @Size(min = 16, max = 200) String secret) {

    Subscriber toSubscriber() {
        Subscriber s = new Subscriber();
        s.name = name.strip();
        s.url = url.strip();
        s.format = format == null ? Subscriber.JSON : format;
        s.secret = secret;
        return s;
    }
}
