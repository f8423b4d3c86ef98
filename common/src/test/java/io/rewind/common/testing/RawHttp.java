package io.rewind.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, so a test can send what no well-behaved client library would: a path
 * with a broken percent-escape, any method, any bytes as the body. One request per connection.
 */
public final class RawHttp {

    /** An answer: its status, its headers (names in lower case) and its body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Answer send(int port, String method, String rawTarget, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // A server may answer (413) and close before reading a large body; its answer is still readable.
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP answer (got '" + statusLine + "')");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream")) {
            return new Answer(status, headers, "");
        }
        byte[] raw;
        try {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                raw = dechunk(in);
            } else if (headers.containsKey("content-length")) {
                raw = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                raw = in.readAllBytes();
            }
        } catch (SocketTimeoutException streaming) {
            raw = new byte[0];
        }
        return new Answer(status, headers, new String(raw, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                break;
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (length == 0) {
                break;
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
