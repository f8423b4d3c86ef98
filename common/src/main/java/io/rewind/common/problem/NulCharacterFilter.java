package io.rewind.common.problem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Refuses a JSON body that holds the NUL character ({@code \u0000}) anywhere, in a value or a key, with a 400 before it
 * is read. PostgreSQL's text cannot hold it, so it would otherwise reach the database and fail there as a 500, and no
 * name, title, message or reason of Rewind has a use for it. Raw control characters are already invalid JSON; the only
 * way to send NUL is the escape, which this finds (an escaped backslash followed by {@code u0000} is text, not NUL).
 */
@Provider
public class NulCharacterFilter implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return context.proceed();
        }
        InputStream in = context.getInputStream();
        byte[] body = in.readAllBytes();
        int at = escapedNul(body);
        if (at >= 0) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION, 400,
                    "The body holds the NUL character (\\u0000) at byte " + at
                            + "; no field accepts it, remove it and send the request again."));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** The offset of the first {@code \u0000} escape that is not itself escaped text, or -1. */
    static int escapedNul(byte[] body) {
        int backslashes = 0;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\\') {
                backslashes++;
                continue;
            }
            if (b == 'u' && backslashes % 2 == 1 && i + 4 < body.length && body[i + 1] == '0' && body[i + 2] == '0'
                    && body[i + 3] == '0' && body[i + 4] == '0') {
                return i - 1;
            }
            backslashes = 0;
        }
        return -1;
    }
}
