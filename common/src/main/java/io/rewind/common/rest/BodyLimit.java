package io.rewind.common.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest body an endpoint accepts, in KiB; without it an endpoint accepts {@link RequestLimits#DEFAULT_BODY_KIB}.
 * A larger body is refused with 413 before it is read. The HTTP layer's own limit
 * ({@code quarkus.http.limits.max-body-size}, 1 MiB) bounds bodies sent without a Content-Length.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface BodyLimit {

    int kib();
}
