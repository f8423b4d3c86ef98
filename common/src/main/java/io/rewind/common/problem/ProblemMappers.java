package io.rewind.common.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Maps every exception that reaches a REST resource to an RFC 9457 problem. A client never sees a stack trace or a
 * Java class name: unexpected errors get an error id that is also in the log, next to the stack trace.
 *
 * <p>Jackson and validation exceptions are mapped by their concrete types because Quarkus ships mappers for those
 * exact types, and the most specific mapper wins.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int MAX_ECHOED_VALUE = 60;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e, UriInfo uri) {
        return violations((ConstraintViolationException) e, uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        // A response that breaks its own constraints is our bug, not the client's.
        boolean returnValue = e.getConstraintViolations().stream().anyMatch(v -> StreamSupport
                .stream(v.getPropertyPath().spliterator(), false).anyMatch(n -> n.getKind() == ElementKind.RETURN_VALUE));
        if (returnValue) {
            return unexpected(e, uri);
        }
        return respond(validationProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return respond(Problem.of(ProblemType.MALFORMED, 400, "The body is not valid JSON" + where + "."), uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return respond(fieldProblem(e, describe(e)), uri);
    }

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(fieldProblem(e, "is not a known field"), uri);
    }

    @ServerExceptionMapper
    public Response instantiation(ValueInstantiationException e, UriInfo uri) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        // Our records validate in their constructors with IllegalArgumentException, whose message is for the client.
        String message = cause instanceof IllegalArgumentException ? cause.getMessage() : "has an invalid value";
        return respond(fieldProblem(e, message), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        JsonParseException parse = parseFailure(e);
        if (parse != null) {
            return malformed(parse, uri);
        }
        if (e instanceof ValueInstantiationException instantiation) {
            return instantiation(instantiation, uri);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return respond(fieldProblem(mismatched, describe(mismatched)), uri);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return respond(fieldProblem(mapping, "has an invalid value"), uri);
        }
        return respond(Problem.of(ProblemType.MALFORMED, 400, "The body could not be read as JSON."), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return SecurityProblems.unauthorized(uri.getPath());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return SecurityProblems.unauthorized(uri.getPath());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return SecurityProblems.forbidden(uri.getPath());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, Request request) {
        String method = request.getMethod();
        Response original = e.getResponse();
        int status = original.getStatus();
        // Quarkus wraps a body it could not parse in a 400; say what was wrong with it.
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Problem problem = switch (status) {
            case 404 -> Problem.of(ProblemType.NOT_FOUND, 404, "Nothing is served at " + uri.getPath() + ".");
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, 405,
                    "This resource does not support " + method + "; see /q/openapi for what it does support.");
            case 406 -> Problem.of(ProblemType.NOT_ACCEPTABLE, 406,
                    "None of the media types in the Accept header can be produced here.");
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, 415,
                    "This resource does not accept that Content-Type; send application/json.");
            case 400 -> Problem.of(ProblemType.VALIDATION, 400, "A parameter of the request is not valid.");
            default -> Problem.of(ProblemType.HTTP, status, original.getStatusInfo().getReasonPhrase());
        };
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()));
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s serving %s", errorId, uri.getPath());
        return respond(Problem.of(ProblemType.INTERNAL, 500,
                "Something went wrong on our side. Quote error id " + errorId + " when reporting it.")
                .withErrorId(errorId), uri);
    }

    /** A syntax error, even when Jackson reports it wrapped in a mapping error for the field it was reading. */
    private static JsonParseException parseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return parse;
            }
        }
        return null;
    }

    static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath())).build();
    }

    private static Problem validationProblem(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        String detail = errors.stream().map(err -> err.field() + " " + err.message())
                .collect(Collectors.joining("; "));
        return Problem.of(ProblemType.VALIDATION, 400, detail).withErrors(errors);
    }

    /**
     * {@code update.body.rules.approvals<K>[P0].level} → {@code rules.approvals[P0].level}: the method and parameter
     * are dropped, and an element's index or key goes on the container it belongs to. A whole parameter → its name.
     */
    static String fieldOf(Path path) {
        List<StringBuilder> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CROSS_PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable() && !names.isEmpty()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (position != null) {
                    names.get(names.size() - 1).append('[').append(position).append(']');
                }
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                names.add(new StringBuilder(node.getName()));
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", names);
    }

    private static Problem fieldProblem(JsonMappingException e, String message) {
        String field = pathOf(e);
        return Problem.of(ProblemType.VALIDATION, 400, field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message)));
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            String accepted = Arrays.stream(target.getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
            return "must be one of " + accepted + echo(e);
        }
        if (target == java.util.UUID.class) {
            return "must be a UUID" + echo(e);
        }
        if (target == null) {
            return "has the wrong type";
        }
        if (Number.class.isAssignableFrom(boxed(target))) {
            return "must be a number" + echo(e);
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false" + echo(e);
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(target) || target == java.time.Duration.class) {
            return "must be an ISO-8601 " + (target == java.time.Duration.class ? "duration (e.g. PT15M)" : "timestamp")
                    + echo(e);
        }
        if (List.class.isAssignableFrom(target) || target.isArray()) {
            return "must be an array";
        }
        if (e.getMessage() != null && e.getMessage().contains("missing")) {
            return "is required";
        }
        if (target.isRecord() || java.util.Map.class.isAssignableFrom(target)) {
            return "must be an object";
        }
        return "has an invalid value" + echo(e);
    }

    /** The name Jackson reads for an enum constant: its {@code @JsonValue}, its {@code @JsonProperty}, or its name. */
    static String jsonName(Enum<?> constant) {
        Class<?> type = constant.getDeclaringClass();
        for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
            if (method.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class) && method.getParameterCount() == 0) {
                try {
                    method.setAccessible(true);
                    return String.valueOf(method.invoke(constant));
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    break;
                }
            }
        }
        try {
            var property = type.getField(constant.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            if (property != null && !property.value().isEmpty()) {
                return property.value();
            }
        } catch (NoSuchFieldException ignored) {
            // Every enum constant is a public field; nothing to do.
        }
        return constant.name();
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        return Number.class;
    }

    private static String echo(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            String value = String.valueOf(invalid.getValue());
            if (value.length() > MAX_ECHOED_VALUE) {
                value = value.substring(0, MAX_ECHOED_VALUE) + "…";
            }
            return " (got '" + value + "')";
        }
        return "";
    }
}
