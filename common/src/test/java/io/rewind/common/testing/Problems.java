package io.rewind.common.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** Assertions on the RFC 9457 problem every error response must be. */
public final class Problems {

    private Problems() {
    }

    /**
     * Asserts the response is a problem+json of the given status and type slug, with a title and detail, and leaks
     * nothing of the implementation (no stack trace, no Java class name).
     */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String typeSlug) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:rewind:problem:" + typeSlug))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("java.")))
                .body(not(containsString("io.rewind")))
                .body(not(containsString("\tat ")));
    }
}
