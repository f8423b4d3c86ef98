package io.rewind.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem detail, the body of every error response.
 *
 * <p>{@code type} is a stable URN clients may switch on; {@code title} is the same for every occurrence of a type;
 * {@code detail} explains this occurrence. Extension members (for example the id of the execution that holds a
 * lock) are written at the top level, as the RFC asks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance", "errors", "errorId" })
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final ProblemType type;
    private final String title;
    private final int status;
    private final String detail;
    private final String instance;
    private final List<FieldError> errors;
    private final String errorId;
    private final Map<String, Object> extensions;

    private Problem(ProblemType type, String title, int status, String detail, String instance,
            List<FieldError> errors, String errorId, Map<String, Object> extensions) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
        this.errorId = errorId;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(ProblemType type, int status, String detail) {
        return new Problem(type, type.title(), status, detail, null, null, null, null);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors, errorId, extensions);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, errors, errorId, extensions);
    }

    public Problem withErrorId(String errorId) {
        return new Problem(type, title, status, detail, instance, errors, errorId, extensions);
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, errorId, more);
    }

    public String getType() {
        return type.uri();
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    public List<FieldError> getErrors() {
        return errors;
    }

    public String getErrorId() {
        return errorId;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    /** One failing field: a JSON path into the request ({@code release.from}, {@code steps[2].kind}) and why. */
    public record FieldError(String field, String message) {
    }
}
