package io.rewind.decision.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.secret.SecretReference;

/**
 * Collects every mistake of a notification setting before refusing it, so an admin learns them all in one 400. Values
 * are never echoed: a setting may hold something the admin did not mean to send back into a log.
 */
public final class FieldChecks {

    /** An address as SMTP takes it ({@code local@domain}): no display name, no spaces, quotes or line breaks. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final int MAX_TEXT = 200;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    public boolean has(String fieldPrefix) {
        return errors.stream().anyMatch(e -> e.field().startsWith(fieldPrefix));
    }

    /** Throws the 400 naming every field in error; returns when there is none. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(List.copyOf(errors));
        }
    }

    public boolean required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            error(field, "is required");
            return false;
        }
        return true;
    }

    /** Plain one-line text of at most {@value #MAX_TEXT} characters (a name, a role, a user name). */
    public void text(String field, String value) {
        if (value != null && (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl))) {
            error(field, "must be one line of at most " + MAX_TEXT + " characters");
        }
    }

    /** An absolute http or https URL with a host, without credentials, query or fragment. */
    public void httpUrl(String field, String value) {
        if (!required(field, value)) {
            return;
        }
        String problem = urlProblem(value);
        if (problem != null) {
            error(field, problem);
        }
    }

    /** Why {@code value} is not a URL a notification may be posted to, or null when it is one. */
    public static String urlProblem(String value) {
        if (value.length() > 2000 || value.chars().anyMatch(c -> c <= ' ')) {
            return "must be an absolute http or https URL of at most 2000 characters, without spaces";
        }
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must be an absolute http or https URL with a host";
            }
            if (uri.getRawUserInfo() != null) {
                return "must not carry credentials: a webhook authenticates by its signing secret";
            }
            if (uri.getRawFragment() != null) {
                return "must not have a fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an absolute http or https URL with a host";
        }
    }

    public void email(String field, String value) {
        if (!required(field, value)) {
            return;
        }
        if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            error(field, "must be an e-mail address such as oncall@example.com (no display name)");
        }
    }

    public void host(String field, String value) {
        if (!required(field, value)) {
            return;
        }
        if (value.length() > 253 || !HOST.matcher(value).matches()) {
            error(field, "must be a host name or IPv4 address, e.g. smtp.example.com");
        }
    }

    public void port(String field, Integer value) {
        if (value != null && (value < 1 || value > 65535)) {
            error(field, "must be a TCP port from 1 to 65535");
        }
    }

    /** A secret reference: {@code {"env": "NAME"}} or {@code {"file": "/run/secrets/name"}}. */
    public void secret(String field, SecretReference reference, boolean required) {
        if (reference == null) {
            if (required) {
                error(field, "is required: a secret reference, {\"env\": \"NAME\"} or {\"file\": \"/run/secrets/name\"}");
            }
            return;
        }
        reference.problem().ifPresent(problem -> error(field, problem));
    }
}
