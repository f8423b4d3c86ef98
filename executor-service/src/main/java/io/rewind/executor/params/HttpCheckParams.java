package io.rewind.executor.params;

import java.util.List;

import io.rewind.common.web.BaseUrls;

/**
 * {@code verify.http}: calls a path under the step's {@code http} target's base URL and checks the answer.
 * Params: {@code path} (starting with {@code /}, optionally with a query; never a scheme, a host or a {@code ..}
 * segment); optional {@code method} (default GET), {@code expectStatus} (100..599, default 200), {@code bodyContains}
 * (text the body must contain) and {@code retries} (0..100, default 0).
 */
public record HttpCheckParams(String path, String method, int expectStatus, String bodyContains, int retries)
        implements StepParams {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    public static HttpCheckParams read(ParamReader p) {
        String path = p.string("path", true, false);
        if (path != null) {
            String problem = problem(path);
            if (problem != null) {
                p.error("path", problem + ParamReader.echo(path));
                path = null;
            }
        }
        p.moved("url", "the step's http target holds the base URL (spec.baseUrl); give the path under it as path");
        String method = p.oneOf("method", false, METHODS);
        Long status = p.integer("expectStatus", false, 100, 599);
        String contains = p.text("bodyContains", false);
        Long retries = p.integer("retries", false, 0, 100);
        return new HttpCheckParams(path, method == null ? "GET" : method, status == null ? 200 : status.intValue(),
                contains, retries == null ? 0 : retries.intValue());
    }

    /** Why {@code path} cannot be appended to a base URL, or null. */
    static String problem(String path) {
        return BaseUrls.pathProblem(path);
    }
}
