package io.rewind.executor.target;

import java.net.URI;
import java.net.URISyntaxException;

import io.rewind.executor.params.ParamReader;

/** The URLs of target specs: absolute http or https, a host, no credentials, no query or fragment. */
final class Urls {

    private Urls() {
    }

    /** Reads {@code key} as such a URL, without a trailing slash; null (and an error) otherwise. */
    static String read(ParamReader spec, String key, String what) {
        String text = spec.string(key, true, false);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getHost().isEmpty()) {
                spec.error(key, "must be the absolute http or https URL of " + what + ParamReader.echo(text));
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                spec.error(key, "must not carry credentials: give them as a secret reference");
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                spec.error(key, "must not have a query or a fragment" + ParamReader.echo(text));
                return null;
            }
            if (uri.getRawPath() != null && (uri.getRawPath().contains("/../") || uri.getRawPath().endsWith("/..")
                    || uri.getRawPath().contains("/./") || uri.getRawPath().contains("//"))) {
                spec.error(key, "must have a plain path, without '.', '..' or empty segments" + ParamReader.echo(text));
                return null;
            }
            return text.replaceAll("/+$", "");
        } catch (URISyntaxException e) {
            spec.error(key, "must be the absolute http or https URL of " + what + ParamReader.echo(text));
            return null;
        }
    }
}
