package io.rewind.common.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The trust rule for URLs, in one place: an admin configures a base URL (absolute http or https, a host, no
 * credentials, no query), and a request gives only a path under it. A path that could leave the base (a scheme, a
 * host, a {@code ..} segment, plain or percent-encoded, an encoded slash) is refused before it is stored, and the URL
 * built from it is checked again before it is called.
 */
public final class BaseUrls {

    public static final int MAX_PATH_LENGTH = 2_000;
    private static final int MAX_ECHOED_VALUE = 60;
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private BaseUrls() {
    }

    /**
     * Why {@code text} cannot be a base URL that an admin configured, or null; {@code what} names what it points at
     * ("the Prometheus server") in the message.
     */
    public static String baseUrlProblem(String text, String what) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must be the absolute http or https URL of " + what + echo(text);
            }
            if (uri.getRawUserInfo() != null) {
                return "must not carry credentials: give them as a secret reference";
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "must not have a query or a fragment" + echo(text);
            }
            if (uri.getRawPath() != null && (uri.getRawPath().contains("/../") || uri.getRawPath().endsWith("/..")
                    || uri.getRawPath().contains("/./") || uri.getRawPath().contains("//"))) {
                return "must have a plain path, without '.', '..' or empty segments" + echo(text);
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be the absolute http or https URL of " + what + echo(text);
        }
    }

    /** A base URL as stored: without its trailing slashes. */
    public static String normalized(String baseUrl) {
        return baseUrl.replaceAll("/+$", "");
    }

    /** Why {@code path} (with an optional query) cannot be appended to a base URL, or null. */
    public static String pathProblem(String path) {
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
     * percent-encoded, an encoded slash or backslash, or an escape that does not decode.
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

    /**
     * Whether {@code uri} is under {@code base}: the same scheme, host and port, no user info, and a path that is the
     * base's or below it at a segment boundary, without {@code .} or {@code ..} segments, empty segments or encoded
     * slashes (which a server or proxy might turn into a way out).
     */
    public static boolean within(URI base, URI uri) {
        if (!uri.isAbsolute() || uri.getRawUserInfo() != null || uri.getHost() == null
                || !base.getScheme().equalsIgnoreCase(uri.getScheme())
                || !base.getHost().equalsIgnoreCase(uri.getHost()) || port(base) != port(uri)) {
            return false;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            // "//" inside a path is where authority tricks start; only the leading and a trailing one are plain.
            if (segment.isEmpty() && i > 0 && i < segments.length - 1) {
                return false;
            }
            if (leavesPath(segment)) {
                return false;
            }
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/");
    }

    /**
     * {@code baseUrl} followed by {@code path}, when that stays {@link #within} the base; null when the path does not
     * make a URL or leaves the base.
     */
    public static URI under(String baseUrl, String path) {
        if (pathProblem(path) != null) {
            return null;
        }
        try {
            URI uri = new URI(normalized(baseUrl) + path);
            return within(URI.create(baseUrl), uri) ? uri : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    public static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** {@code " (got 'value')"}, shortened, for error messages. */
    public static String echo(String value) {
        String shown = value.length() > MAX_ECHOED_VALUE ? value.substring(0, MAX_ECHOED_VALUE) + "…" : value;
        return " (got '" + shown + "')";
    }
}
