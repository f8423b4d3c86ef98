package io.rewind.decision.client;

import java.util.regex.Pattern;

/**
 * Text that another service or a library wrote (an error's detail, a refusal's reason), made fit to store and to show
 * to a viewer: a credential in it is masked and its length bounded. decision-service keeps such text on incidents,
 * timelines, post-mortems, assessments and measurements, which every viewer reads; a peer that names an address with a
 * password, a bearer token or a token parameter in its error must not hand that to them through us.
 */
public final class PeerText {

    static final int MAX_LENGTH = 1000;
    private static final String MASK = "***";
    /** {@code scheme://user:password@host}: the user information goes. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    /** {@code Bearer <token>}, {@code Basic <credentials>}. */
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    /** {@code token=...}, {@code password=...}, {@code api_key=...} in a URL or a message. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b(token|access_token|password|passwd|pwd|secret|api[_-]?key|access[_-]?key)=([^&\\s;,\"'<>]+)");

    private PeerText() {
    }

    /** The text with credentials masked and at most {@value #MAX_LENGTH} characters; null stays null. */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        String safe = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        safe = SCHEME_CREDENTIAL.matcher(safe).replaceAll("$1 " + MASK);
        safe = SECRET_PARAMETER.matcher(safe).replaceAll("$1=" + MASK);
        return safe.length() <= MAX_LENGTH ? safe : safe.substring(0, MAX_LENGTH) + "…";
    }
}
