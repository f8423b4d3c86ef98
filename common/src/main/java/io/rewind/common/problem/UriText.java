package io.rewind.common.problem;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What is wrong with a request target as sent, if anything: a broken percent-escape ({@code %zz}, {@code %4}),
 * escapes that are not UTF-8, or the NUL character, which PostgreSQL's text cannot hold and no name of Rewind has.
 */
final class UriText {

    private UriText() {
    }

    /** A sentence for the client, or null when the target is fine. */
    static String problem(String uri) {
        if (uri == null) {
            return null;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c != '%') {
                if (c == 0) {
                    return nul();
                }
                decoded.write(c < 0x80 ? c : '?');
                continue;
            }
            if (i + 2 >= uri.length() || hex(uri.charAt(i + 1)) < 0 || hex(uri.charAt(i + 2)) < 0) {
                String escape = uri.substring(i, Math.min(uri.length(), i + 3));
                return "The path or query has a broken percent-escape ('" + escape
                        + "'): '%' must be followed by two hex digits; write '%25' for a literal '%'.";
            }
            int b = hex(uri.charAt(i + 1)) * 16 + hex(uri.charAt(i + 2));
            if (b == 0) {
                return nul();
            }
            decoded.write(b);
            i += 2;
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            return "The request target is not a valid URI (RFC 3986): " + e.getReason()
                    + "; percent-encode spaces and other reserved characters.";
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded.toByteArray()));
        } catch (CharacterCodingException e) {
            return "The path or query has percent-escapes that are not UTF-8.";
        }
        return null;
    }

    private static String nul() {
        return "The path or query holds the NUL character (%00); no name or parameter accepts it.";
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
