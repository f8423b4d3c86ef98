package io.rewind.status.rest;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.problem.ProblemException;
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
        // Checked here rather than at the first delivery, which would only log what the admin could have been told.
        try {
            URI parsed = URI.create(url.strip());
            if (parsed.getHost() == null) {
                throw ProblemException.invalid("url", "must be an http or https URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("url", "must be an http or https URL (it could not be parsed)");
        }
        Subscriber s = new Subscriber();
        s.name = name.strip();
        s.url = url.strip();
        s.format = format == null ? Subscriber.JSON : format;
        s.secret = secret;
        return s;
    }
}
