package io.rewind.common.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.vertx.core.json.JsonObject;

/** The 401 and 403 problems, identical whether JAX-RS or the HTTP security layer refuses the request. */
public final class SecurityProblems {

    /** The challenge a client gets with every 401 (RFC 6750). */
    public static final String CHALLENGE = "Bearer realm=\"rewind\"";

    private SecurityProblems() {
    }

    public static Problem unauthorizedProblem(String path) {
        return Problem.of(ProblemType.UNAUTHORIZED, 401,
                "Send a valid API key as 'Authorization: Bearer <key>'.").withInstance(path);
    }

    public static Problem forbiddenProblem(String path) {
        return Problem.of(ProblemType.FORBIDDEN, 403,
                "This key's role does not allow this request; ask for a key with the role it needs.")
                .withInstance(path);
    }

    /** A security problem as JSON text, for the HTTP layer, which runs before JAX-RS and its mappers. */
    public static String json(Problem problem) {
        return new JsonObject()
                .put("type", problem.getType())
                .put("title", problem.getTitle())
                .put("status", problem.getStatus())
                .put("detail", problem.getDetail())
                .put("instance", problem.getInstance())
                .encode();
    }

    public static Response unauthorized(String path) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(unauthorizedProblem(path)).build();
    }

    public static Response forbidden(String path) {
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(forbiddenProblem(path)).build();
    }
}
