package io.rewind.executor.params;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code verify.http}: calls a path under the step's {@code http} target's base URL and checks the answer.
 * Params: {@code path} (starting with {@code /}, optionally with a query; never a scheme, a host or a {@code ..}
 * segment); optional {@code method} (default GET), {@code expectStatus} (100..599, default 200), {@code bodyContains}
 * (text the body must contain) and {@code retries} (0..100, default 0).
 */
public record HttpCheckParams(String path, String method, int expectStatus, String bodyContains, int retries)
        implements StepParams {

    public static final int MAX_PATH_LENGTH = 2_000;
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
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
        if (path.length() > MAX_PATH_LENGTH) {
            return "must be at most " + MAX_PATH_LENGTH + " characters";
        }
        if (!path.startsWith("/") || path.startsWith("//")) {
            return "must be a path starting with a single '/', under the target's base URL";
        }
        if (path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '\\' || c == '#')) {
            return "must not contain spaces, control characters, '\\' or '#'";
        }
        if (BAD_ESCAPE.matcher(path).find()) {
            return "has a bad percent-escape";
        }
        URI uri;
        try {
            uri = new URI(path);
        } catch (URISyntaxException e) {
            return "must be a valid URI path";
        }
        if (uri.getScheme() != null || uri.getRawAuthority() != null) {
            return "must be a path, not a URL";
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : rawPath.split("/", -1)) {
            if (leavesPath(segment)) {
                return "must not have '.' or '..' segments, or encoded slashes";
            }
        }
        return null;
    }

    /**
     * Whether a raw path segment could lead out of the path it stands in: {@code .} or {@code ..}, plain or
     * percent-encoded, an encoded slash or backslash, or an escape that does not decode. Used on the path a step gives
     * and again on every URL the check calls, redirects included.
     */
    public static boolean leavesPath(String rawSegment) {
        String decoded;
        try {
            decoded = URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return true;
        }
        return decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\");
    }
}
