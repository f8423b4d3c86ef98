package io.rewind.common.problem;

import java.util.List;

/**
 * Thrown by service code for an error the client can act on; rendered as problem+json with its status.
 * Use the factories, which keep types and statuses consistent across services.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(ProblemType.NOT_FOUND, 404, what + " '" + id + "' does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(ProblemType.CONFLICT, 409, detail));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
        return new ProblemException(Problem.of(ProblemType.VALIDATION, 400, detail).withErrors(errors));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(ProblemType.FORBIDDEN, 403, detail));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(ProblemType.DEPENDENCY_UNAVAILABLE, 503, detail));
    }
}
