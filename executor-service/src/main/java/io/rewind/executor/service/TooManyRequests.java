package io.rewind.executor.service;

import java.time.Duration;

/**
 * A bounded queue or stream limit is full: answered 429 (problem type {@code too-many-requests}) with
 * {@code Retry-After}, by {@link io.rewind.executor.rest.TooManyRequestsMapper}. Nothing was stored or opened.
 */
public class TooManyRequests extends RuntimeException {

    private final transient Duration retryAfter;

    public TooManyRequests(String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
