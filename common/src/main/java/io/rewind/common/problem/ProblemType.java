package io.rewind.common.problem;

/**
 * The stable problem types every service uses. The URN never changes once published; clients may switch on it.
 */
public enum ProblemType {
    VALIDATION("validation", "The request is not valid"),
    MALFORMED("malformed-request", "The request body could not be read"),
    NOT_FOUND("not-found", "Not found"),
    CONFLICT("conflict", "The request conflicts with the current state"),
    /** 422: an Idempotency-Key sent again with another request than the one it first named. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "The Idempotency-Key was already used for another request"),
    UNAUTHORIZED("unauthorized", "Authentication required"),
    FORBIDDEN("forbidden", "Not allowed for this key's role"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation"),
    /** 413: the body is larger than this endpoint accepts. */
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large"),
    /** 429: a bounded queue or stream limit is full; the answer's Retry-After says when to try again. */
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests of this kind are pending"),
    DEPENDENCY_UNAVAILABLE("dependency-unavailable", "A service this request needs is unavailable"),
    HTTP("http", "The request could not be served"),
    INTERNAL("internal", "Unexpected error");

    private final String uri;
    private final String title;

    ProblemType(String slug, String title) {
        this.uri = "urn:rewind:problem:" + slug;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }
}
