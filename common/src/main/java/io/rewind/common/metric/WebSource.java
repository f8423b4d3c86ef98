package io.rewind.common.metric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.common.web.BaseUrls;

/**
 * A JSON API that web metrics ask (Argo Rollouts' {@code web} provider), as an admin configured it: its base URL, the
 * headers sent with every request (API keys by secret reference, never by value) and how long an answer may take.
 * Requests give only a path under the base URL ({@link WebQuery}); the headers go to this base URL and nowhere else.
 *
 * @param timeoutSeconds 1 to 60; null for {@value #DEFAULT_TIMEOUT_SECONDS}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebSource(String baseUrl, Map<String, Header> headers, Integer timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int MAX_TIMEOUT_SECONDS = 60;
    public static final int MAX_HEADERS = 20;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers the HTTP client sets itself, and that no configuration may change. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** A header whose name says it carries a credential, which must therefore come by reference. */
    private static final Pattern CREDENTIAL = Pattern
            .compile("(?i).*(password|passwd|secret|token|api[-_]?key|app(lication)?[-_]?key|credential|auth|cookie).*");

    /**
     * One header's value: given in the configuration ({@code {"value": "application/json"}}) for what is not secret,
     * or by reference ({@code {"env": "DD_API_KEY"}}, {@code {"file": "/run/secrets/dd-api-key"}}) for what is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Header(String value, String env, String file) {

        /** The secret reference, or null for a plain value. */
        public SecretReference secret() {
            return env == null && file == null ? null : new SecretReference(env, file);
        }

        String problem() {
            if (value != null) {
                if (env != null || file != null) {
                    return "must be either a value or a secret reference (env or file), not both";
                }
                return value.length() > 1000 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)
                        ? "value must be at most 1000 characters, without line breaks or control characters" : null;
            }
            SecretReference secret = secret();
            if (secret == null) {
                return "must be {\"value\": ...} or a secret reference {\"env\": ...} or {\"file\": ...}";
            }
            return secret.problem().orElse(null);
        }
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds);
    }

    /** The base URL as stored: without trailing slashes. */
    public WebSource normalized() {
        return new WebSource(baseUrl == null ? null : BaseUrls.normalized(baseUrl), headers, timeoutSeconds);
    }

    /** Every problem, with fields relative to the source ({@code baseUrl}, {@code headers.DD-API-KEY}); empty when none. */
    public List<Problem.FieldError> problems() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (baseUrl == null || baseUrl.isBlank()) {
            errors.add(new Problem.FieldError("baseUrl", "is required"));
        } else {
            String problem = BaseUrls.baseUrlProblem(baseUrl, "the JSON API");
            if (problem != null) {
                errors.add(new Problem.FieldError("baseUrl", problem));
            }
        }
        if (headers != null) {
            if (headers.size() > MAX_HEADERS) {
                errors.add(new Problem.FieldError("headers", "must have at most " + MAX_HEADERS + " headers"));
            }
            headers.forEach((name, header) -> {
                String field = "headers." + name;
                if (!HEADER_NAME.matcher(name).matches()) {
                    errors.add(new Problem.FieldError(field, "is not a header name (letters, digits and -, at most 100)"));
                } else if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    errors.add(new Problem.FieldError(field, "is set by the HTTP client itself and cannot be configured"));
                } else if (header == null) {
                    errors.add(new Problem.FieldError(field, "is required"));
                } else if (header.value() != null && CREDENTIAL.matcher(name).matches()) {
                    errors.add(new Problem.FieldError(field, "carries a credential: give it by secret reference "
                            + "({\"env\": ...} or {\"file\": ...}), never as a value"));
                } else {
                    String problem = header.problem();
                    if (problem != null) {
                        errors.add(new Problem.FieldError(field, problem));
                    }
                }
            });
        }
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            errors.add(new Problem.FieldError("timeoutSeconds", "must be an integer from 1 to " + MAX_TIMEOUT_SECONDS));
        }
        return errors;
    }

    /**
     * The headers to send, secrets read from their references now (blocking when one is a file). A reference that
     * gives no value fails naming the header and the reference, never a value.
     */
    public Map<String, String> resolveHeaders(SecretResolver secrets) {
        Map<String, String> resolved = new LinkedHashMap<>();
        if (headers == null) {
            return resolved;
        }
        headers.forEach((name, header) -> {
            SecretReference secret = header.secret();
            if (secret == null) {
                resolved.put(name, header.value());
                return;
            }
            String value = secret.problem().isPresent() ? null : secrets.resolve(secret).orElse(null);
            if (value == null) {
                throw new WebMetric.SecretUnresolved("header " + name + " is read from " + secret.describe()
                        + ", which is not set, unreadable or empty; nothing was asked");
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new WebMetric.SecretUnresolved("header " + name + " read from " + secret.describe()
                        + " has a line break or control character; nothing was asked");
            }
            resolved.put(name, value);
        });
        return resolved;
    }
}
