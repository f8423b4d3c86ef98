package io.rewind.status.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.rewind.status.config.PublicCacheConfig;
import io.rewind.status.service.PublicCache;

/**
 * Turns a cached public document into an HTTP response with its validators: 304 when the client's copy is current,
 * and, when the database is down, the last good copy with its age ({@code Age} and {@code X-Rewind-Data-As-Of}).
 */
@ApplicationScoped
public class PublicResponses {

    /** The header saying when the data of a stale response was read. */
    public static final String DATA_AS_OF = "X-Rewind-Data-As-Of";

    private final PublicCacheConfig config;

    public PublicResponses(PublicCacheConfig config) {
        this.config = config;
    }

    Response of(PublicCache.Served served, HttpHeaders request) {
        PublicCache.Rendered rendered = served.rendered();
        Response.ResponseBuilder response = rendered.status() == 200 && notModified(rendered, request)
                ? Response.notModified()
                : Response.status(rendered.status()).entity(rendered.body()).type(rendered.contentType());
        response.header(HttpHeaders.ETAG, rendered.etag())
                .header(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        rendered.lastModified().atOffset(ZoneOffset.UTC)))
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + config.clientMaxAge().toSeconds());
        if (served.stale()) {
            long age = Math.max(0, Duration.between(served.asOf(), Instant.now()).toSeconds());
            response.header("Age", age).header(DATA_AS_OF, served.asOf().atOffset(ZoneOffset.UTC).toString())
                    // Shared caches must not keep an outage's copy once the database is back.
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        return response.build();
    }

    /** If-None-Match wins over If-Modified-Since, as RFC 9110 says. */
    private static boolean notModified(PublicCache.Rendered rendered, HttpHeaders request) {
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                    .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                    .anyMatch(tag -> tag.equals("*") || tag.equals(rendered.etag()));
        }
        String ifModifiedSince = request.getHeaderString(HttpHeaders.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            try {
                Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince, Instant::from);
                return !rendered.lastModified().isAfter(since);
            } catch (DateTimeParseException e) {
                return false; // An unreadable date is ignored, as RFC 9110 asks.
            }
        }
        return false;
    }
}
