package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.StatusFixtures;

/**
 * Scripts on other sites may read the public Statuspage API (status widgets do), and nothing else: the admin API and
 * the HTML pages carry no CORS header, so a page elsewhere can neither read them nor send them a key.
 */
@QuarkusTest
class PublicApiCorsTest {

    private static final String ELSEWHERE = "http://widgets.example.org";

    @TestHTTPResource("/")
    URL home;

    @Test
    void thePublicApiAnswersAnyOriginAndItsPreflight() {
        given().header("Origin", ELSEWHERE).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .options("/api/v2/summary.json").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, OPTIONS")
                .header("Access-Control-Allow-Headers", containsString("If-None-Match"))
                .header("Access-Control-Max-Age", "86400");
        for (String path : List.of("/api/v2/summary.json", "/api/v2/status.json", "/api/v2/incidents/unresolved.json",
                "/api/v2/uptime.json")) {
            given().header("Origin", ELSEWHERE).get(path).then().statusCode(200)
                    .header("Access-Control-Allow-Origin", "*")
                    .header("Access-Control-Expose-Headers", containsString("ETag"));
        }
    }

    @Test
    void theAdminApiAndTheHtmlPagesSendNoCorsHeaders() {
        given().header("Origin", ELSEWHERE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .options("/api/admin/incidents").then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
        given().header("Origin", ELSEWHERE).header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/incidents").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        for (String path : List.of("/", "/history", "/feed.atom")) {
            given().header("Origin", ELSEWHERE).get(path).then().statusCode(200)
                    .header("Access-Control-Allow-Origin", nullValue());
        }
        // Under /api/v2 only GET is shared: a preflight for anything else is answered, but names GET alone.
        given().header("Origin", ELSEWHERE).post("/api/v2/summary.json").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /**
     * In Chromium, a page served from another origin reads summary.json, but its reads and writes of the admin API
     * are blocked by the browser even though the page holds valid keys; the write changes nothing.
     */
    @Test
    void inABrowserAnotherSiteReadsTheStatusButNotTheAdminApi() throws Exception {
        String name = StatusFixtures.unique("Cross-site write");
        String base = "http://127.0.0.1:" + home.getPort();
        String page = """
                <!doctype html><html><head><meta charset="utf-8"><title>widget</title></head><body>
                <p id="page">pending</p><p id="admin">pending</p><p id="write">pending</p>
                <script>
                const base = '%s';
                const show = (id, text) => { document.getElementById(id).textContent = text; };
                fetch(base + '/api/v2/summary.json').then(r => r.json())
                  .then(d => show('page', 'read: ' + d.page.name)).catch(e => show('page', 'blocked: ' + e));
                fetch(base + '/api/admin/incidents', { headers: { 'Authorization': '%s' } }).then(r => r.text())
                  .then(t => show('admin', 'read: ' + t)).catch(e => show('admin', 'blocked: ' + e));
                fetch(base + '/api/admin/incidents', { method: 'POST',
                    headers: { 'Authorization': '%s', 'Content-Type': 'application/json' },
                    body: JSON.stringify({ name: '%s', body: 'Opened from another site.' }) })
                  .then(r => show('write', 'sent: ' + r.status)).catch(e => show('write', 'blocked: ' + e));
                </script></body></html>
                """.formatted(base, TestKeys.bearer(Role.VIEWER), TestKeys.bearer(Role.OPERATOR), name);
        HttpServer elsewhere = serve(page);
        try (Chromium chromium = Chromium.start()) {
            var browser = chromium.driver();
            browser.get("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> List.of("page", "admin", "write").stream()
                    .noneMatch(id -> b.findElement(By.id(id)).getText().equals("pending")));
            assertEquals("read: Rewind", browser.findElement(By.id("page")).getText(),
                    "the page read summary.json across origins");
            String admin = browser.findElement(By.id("admin")).getText();
            assertTrue(admin.startsWith("blocked: TypeError"), "the admin read is a CORS error: " + admin);
            String write = browser.findElement(By.id("write")).getText();
            assertTrue(write.startsWith("blocked: TypeError"), "the admin write is a CORS error: " + write);
        } finally {
            elsewhere.stop(0);
        }
        assertEquals(0, StatusFixtures.count("SELECT count(*) FROM status.incidents WHERE name = ?", name),
                "the blocked write opened no incident");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/incidents?limit=500").then()
                .statusCode(200).body("findAll { it.name == '" + name + "' }.size()", equalTo(0));
    }

    /** Another origin: a JDK server on its own 127.0.0.1 port serving one page. */
    private static HttpServer serve(String html) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
