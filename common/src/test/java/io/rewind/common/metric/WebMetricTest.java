package io.rewind.common.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretResolver;

/** Web metrics against a real HTTP server on 127.0.0.1 answering as Datadog, New Relic and Sentry do. */
class WebMetricTest {

    private static final String KEY = "dd-key-8c1f";

    /** A request as received: method, path with query, the API key header, the body. */
    record Received(String method, String target, String apiKey, String body) {
    }

    private HttpServer server;
    private String base;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final WebMetric web = new WebMetric(new SecretResolver(name -> "DD_API_KEY".equals(name) ? KEY : null));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/datadog/api/v1/query", 200, JsonApis.DATADOG);
        answer("/graphql", 200, JsonApis.NEW_RELIC);
        answer("/api/0/organizations/shop/stats_v2/", 200, JsonApis.SENTRY);
        answer("/html", 200, "<html>not json</html>");
        answer("/down", 503, "{\"error\": \"key " + KEY + " rejected\"}");
        answer("/moved", 302, "");
        answer("/huge", 200, "[" + "1,".repeat(WebMetric.MAX_ANSWER) + "1]");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("DD-API-KEY"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.2:1/elsewhere");
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private WebSource source(String path) {
        return new WebSource(base + path, Map.of("DD-API-KEY", new WebSource.Header(null, "DD_API_KEY", null),
                "Accept", new WebSource.Header("application/json", null, null)), 5);
    }

    private String failure(WebSource source, WebQuery query) {
        return assertThrows(WebMetric.Failed.class, () -> web.measure(source, query)).getMessage();
    }

    @Test
    void datadogsLastPointIsReadWithTheKeyFromItsReference() {
        WebQuery query = new WebQuery("/api/v1/query?from={{now-5m}}&to={{now}}",
                Map.of("query", "sum:trace.http.request.errors{service:checkout}.as_rate()"),
                "$.series[0].pointlist[-1][1]", null, null);
        assertEquals(List.of(), query.problems());
        assertEquals(2.75, web.measure(source("/datadog"), query));
        Received request = received.get(0);
        assertEquals("GET", request.method());
        assertEquals(KEY, request.apiKey());
        assertTrue(request.target().matches("/datadog/api/v1/query\\?from=\\d{10}&to=\\d{10}&query=sum%3Atrace\\.http\\."
                + "request\\.errors%7Bservice%3Acheckout%7D\\.as_rate%28%29"), request.target());
        String[] times = request.target().replaceAll(".*from=(\\d+)&to=(\\d+).*", "$1 $2").split(" ");
        assertEquals(300, Long.parseLong(times[1]) - Long.parseLong(times[0]));
    }

    @Test
    void newRelicIsAskedByPostWithItsNrqlBody() {
        Map<String, Object> body = Map.of("query", "{ actor { account(id: 1) { nrql(query: \"SELECT percentage(count(*), "
                + "WHERE error IS true) FROM Transaction SINCE 5 minutes ago\") { results } } } }");
        WebQuery query = new WebQuery("/graphql", null, "$.data.actor.account.nrql.results[0].percentage", "POST", body);
        assertEquals(List.of(), query.problems());
        assertEquals(1.5, web.measure(source(""), query));
        assertEquals("POST", received.get(0).method());
        assertTrue(received.get(0).body().contains("SELECT percentage(count(*)"), received.get(0).body());
    }

    @Test
    void sentrysAcceptedEventsAreFoundByAFilter() {
        WebQuery query = new WebQuery("/api/0/organizations/shop/stats_v2/", Map.of("field", "sum(quantity)",
                "groupBy", "outcome", "category", "error", "statsPeriod", "1h"), JsonApis.SENTRY_ACCEPTED, null, null);
        assertEquals(165, web.measure(source(""), query));
    }

    @Test
    void answersThatGiveNoNumberFailSayingWhyAndNothingOfTheKey() {
        WebQuery status = new WebQuery("/down", null, "$.a", null, null);
        String down = failure(source(""), status);
        assertEquals("GET " + base + "/down answered HTTP 503", down);
        assertFalse(down.contains(KEY));
        assertEquals("GET " + base + "/html answered HTTP 200 with something that is not JSON (content type none)",
                failure(source(""), new WebQuery("/html", null, "$.a", null, null)));
        assertTrue(failure(source(""), new WebQuery("/moved", null, "$.a", null, null))
                .endsWith("answered HTTP 302 (a redirect, which is not followed: the path must be the API itself)"));
        assertEquals("GET " + base + "/huge answered more than 1024 KiB",
                failure(source(""), new WebQuery("/huge", null, "$[0]", null, null)));
        assertEquals("GET " + base + "/datadog/api/v1/query: JSONPath $.series[0].nothing matched nothing in the answer",
                failure(source("/datadog"), new WebQuery("/api/v1/query", null, "$.series[0].nothing", null, null)));
    }

    @Test
    void anUnreachableSourceOrAnUnsetSecretFailsClearly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        WebSource closed = new WebSource("http://127.0.0.1:" + port, null, 2);
        assertEquals("GET http://127.0.0.1:" + port + "/x is unreachable (connection refused or no route)",
                failure(closed, new WebQuery("/x", null, "$.a", null, null)));
        WebSource unset = new WebSource(base, Map.of("DD-API-KEY", new WebSource.Header(null, "NOT_SET_ANYWHERE", null)), 2);
        assertEquals("header DD-API-KEY is read from environment variable NOT_SET_ANYWHERE, which is not set, unreadable "
                + "or empty; nothing was asked", assertThrows(WebMetric.SecretUnresolved.class,
                        () -> web.measure(unset, new WebQuery("/graphql", null, "$.a", null, null))).getMessage());
        assertTrue(received.isEmpty());
    }

    @Test
    void pathsThatCouldLeaveTheBaseAreRefusedAndNeverAsked() {
        for (String path : List.of("http://127.0.0.2/x", "//127.0.0.2/x", "/../x", "/a/%2e%2e/x", "/a%2F..%2Fx", "x",
                "/a/./b", "@127.0.0.2/x", "/a\\..\\x", "/{{later}}")) {
            List<String> fields = new WebQuery(path, null, "$.a", null, null).problems().stream()
                    .map(Problem.FieldError::field).collect(Collectors.toList());
            assertEquals(List.of("path"), fields, path);
            assertTrue(failure(source("/datadog"), new WebQuery(path, null, "$.a", null, null)).contains("leaves"), path);
        }
        assertTrue(received.isEmpty(), "nothing was asked: " + received);
    }

    @Test
    void sourcesAreCheckedFieldByField() {
        WebSource bad = new WebSource("ftp://x", Map.of("Host", new WebSource.Header("evil", null, null),
                "X-Key", new WebSource.Header("v", "ALSO", null), "X-Ref", new WebSource.Header(null, "REWIND_DB", null),
                "Bad Name", new WebSource.Header("v", null, null), "Authorization", new WebSource.Header("Bearer x", null, null)),
                0);
        Map<String, String> problems = bad.problems().stream()
                .collect(Collectors.toMap(Problem.FieldError::field, Problem.FieldError::message));
        assertEquals(7, problems.size(), problems.toString());
        assertTrue(problems.get("headers.Authorization").startsWith("carries a credential: give it by secret reference"));
        assertTrue(problems.get("baseUrl").startsWith("must be the absolute http or https URL"));
        assertEquals("is set by the HTTP client itself and cannot be configured", problems.get("headers.Host"));
        assertTrue(problems.get("headers.X-Ref").contains("REWIND_"));
        assertTrue(problems.get("headers.X-Key").contains("not both"));
        assertTrue(problems.get("timeoutSeconds").contains("1 to 60"));
        assertEquals(List.of(), source("").problems());
        assertEquals(List.of("method", "body"), new WebQuery("/x", null, "$.a", "PUT", Map.of()).problems().stream()
                .map(Problem.FieldError::field).toList());
    }
}
