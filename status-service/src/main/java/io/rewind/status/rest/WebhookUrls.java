package io.rewind.status.rest;

import java.net.URI;

/**
 * Webhook URLs as keys other than admins' see them. A webhook URL is often a credential in itself (a Slack incoming
 * webhook lets anyone who knows it post to the channel), so only its scheme and host are shown: enough to tell which
 * service a subscriber points at, not enough to post to it.
 */
final class WebhookUrls {

    private WebhookUrls() {
    }

    /** {@code https://hooks.slack.com/services/T0/B0/XYZ} → {@code https://hooks.slack.com/…}. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + "/…";
            }
        } catch (IllegalArgumentException e) {
            // Not a URI we can take apart: show nothing of it.
        }
        int colon = url.indexOf("://");
        return colon > 0 && colon < 10 ? url.substring(0, colon) + "://…" : "…";
    }

    /** {@code text} with every occurrence of {@code url} redacted, e.g. an error message that quotes it. */
    static String redactIn(String text, String url) {
        if (text == null || url == null || url.isEmpty()) {
            return text;
        }
        return text.replace(url, redact(url));
    }
}
