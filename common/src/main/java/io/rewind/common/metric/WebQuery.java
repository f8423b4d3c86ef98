package io.rewind.common.metric;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.common.problem.Problem;
import io.rewind.common.web.BaseUrls;

/**
 * What a web metric asks its {@link WebSource}: a {@code path} under the source's base URL (with or without a query),
 * optional {@code query} parameters (encoded here), the {@code jsonPath} of the number in the answer
 * ({@code $.series[0].pointlist[-1][1]}; Argo's {@code {$.data.ok}} form is read too), and {@code method} {@code GET}
 * (the default) or {@code POST} with a JSON {@code body}. Never a scheme, a host or a header: those are the source's.
 *
 * <p>The path and the query values may hold {@code {{now}}} and {@code {{now-5m}}} ({@code s}, {@code m}, {@code h},
 * {@code d}): the time of the request in Unix seconds, for APIs such as Datadog's that take a time window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebQuery(String path, Map<String, String> query, String jsonPath, String method, Object body) {

    public static final int MAX_BODY = 10_000;
    public static final int MAX_QUERY_PARAMETERS = 20;
    private static final Pattern NOW = Pattern.compile("\\{\\{\\s*now\\s*(?:-\\s*(\\d{1,6})\\s*([smhd]))?\\s*}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public String methodOrDefault() {
        return method == null ? "GET" : method;
    }

    /** This query with another path and JSONPath: a baseline asked the same way elsewhere. */
    public WebQuery at(String otherPath, String otherJsonPath) {
        return new WebQuery(otherPath, query, otherJsonPath == null ? jsonPath : otherJsonPath, method, body);
    }

    /** Every problem, with fields relative to the query ({@code path}, {@code jsonPath}); empty when none. */
    public List<Problem.FieldError> problems() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (path == null || path.isBlank()) {
            errors.add(new Problem.FieldError("path", "is required"));
        } else {
            String problem = BaseUrls.pathProblem(expand(path, Instant.EPOCH));
            if (problem != null) {
                errors.add(new Problem.FieldError("path", problem + BaseUrls.echo(path)));
            }
        }
        if (query != null) {
            if (query.size() > MAX_QUERY_PARAMETERS) {
                errors.add(new Problem.FieldError("query", "must have at most " + MAX_QUERY_PARAMETERS + " parameters"));
            }
            query.forEach((name, value) -> {
                if (name.isBlank() || name.length() > 100 || value == null || value.length() > BaseUrls.MAX_PATH_LENGTH) {
                    errors.add(new Problem.FieldError("query." + name, "must be a name of at most 100 characters with a "
                            + "string value of at most " + BaseUrls.MAX_PATH_LENGTH));
                }
            });
        }
        if (jsonPath == null || jsonPath.isBlank()) {
            errors.add(new Problem.FieldError("jsonPath", "is required, e.g. $.data.value"));
        } else {
            String problem = JsonPaths.problem(jsonPath);
            if (problem != null) {
                errors.add(new Problem.FieldError("jsonPath", problem));
            }
        }
        if (method != null && !method.equals("GET") && !method.equals("POST")) {
            errors.add(new Problem.FieldError("method", "must be GET or POST" + BaseUrls.echo(method)));
        }
        if (body != null) {
            if (!"POST".equals(method)) {
                errors.add(new Problem.FieldError("body", "is sent only with method POST"));
            } else if (bodyText().length() > MAX_BODY) {
                errors.add(new Problem.FieldError("body", "must be at most " + MAX_BODY + " characters as JSON"));
            }
        }
        return errors;
    }

    /** The path with its query parameters, {@code {{now}}} placeholders filled in with {@code now}. */
    public String pathAndQuery(Instant now) {
        StringBuilder target = new StringBuilder(expand(path, now));
        if (query != null && !query.isEmpty()) {
            String separator = target.indexOf("?") >= 0 ? "&" : "?";
            for (Map.Entry<String, String> parameter : query.entrySet()) {
                target.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(expand(parameter.getValue(), now), StandardCharsets.UTF_8));
                separator = "&";
            }
        }
        return target.toString();
    }

    /** The body as sent: a JSON string body as it is, anything else written as JSON. */
    public String bodyText() {
        if (body == null) {
            return null;
        }
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body cannot be written as JSON", e);
        }
    }

    static String expand(String text, Instant now) {
        Matcher m = NOW.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Instant at = now;
            if (m.group(1) != null) {
                long amount = Long.parseLong(m.group(1));
                at = now.minus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            m.appendReplacement(out, Long.toString(at.getEpochSecond()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
