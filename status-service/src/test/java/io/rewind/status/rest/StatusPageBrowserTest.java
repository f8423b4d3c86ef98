package io.rewind.status.rest;

import static io.rewind.status.StatusFixtures.change;
import static io.rewind.status.StatusFixtures.component;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.status.StatusFixtures;

/**
 * The status page in a real browser: Debian's headless Chromium through its chromedriver, never a downloaded one.
 * Leaves a screenshot in {@code target/screenshots/status-page.png}.
 */
@QuarkusTest
class StatusPageBrowserTest {

    @TestHTTPResource("/")
    URL home;

    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aReaderSeesTheBannerTheComponentsAndTheLatestUpdate() throws Exception {
        // A clean slate, so that the banner and the screenshot show this scenario only.
        StatusFixtures.execute("UPDATE status.incidents SET status = CASE kind WHEN 'incident' THEN 'resolved' "
                + "ELSE 'completed' END, resolved_at = now() WHERE resolved_at IS NULL");
        StatusFixtures.execute("DELETE FROM status.components");
        StatusFixtures.execute("DELETE FROM status.component_groups");
        String group = post(Role.ADMIN, "/api/admin/component-groups", Map.of("name", "Storefront"))
                .statusCode(201).extract().path("id");
        String checkout = post(Role.ADMIN, "/api/admin/components", Map.of("name", "Checkout", "groupId", group,
                "description", "Cart, payment and order confirmation")).statusCode(201).extract().path("id");
        post(Role.ADMIN, "/api/admin/components", Map.of("name", "Search", "groupId", group)).statusCode(201);
        component("Public API");
        String db = component("Database");
        String earlier = incident("Search results delayed", "minor", List.of());
        update(earlier, "resolved", "Search indexing has caught up.", List.of()).statusCode(201);
        String incident = incident("Elevated checkout errors after release 1.5.0", "major",
                List.of(change(checkout, "partial_outage")));
        update(incident, "identified", "The 1.5.0 release is at fault. We are rolling back to 1.4.2; "
                + "expect normal service within 15 minutes.", List.of()).statusCode(201);
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withHour(2).withMinute(0);
        post(Role.ADMIN, "/api/admin/maintenances", Map.of("name", "Database upgrade to PostgreSQL 16",
                "body", "Checkout may be read-only for up to 10 minutes.", "scheduledFor", from.toString(),
                "scheduledUntil", from.plusHours(1).toString(), "components", List.of(Map.of("id", db))))
                .statusCode(201);

        browser.get(home.toString());

        WebElement banner = browser.findElement(By.cssSelector("main h1"));
        assertEquals("Partial outage", banner.getText());
        WebElement active = browser.findElement(By.cssSelector("section[aria-labelledby=active-h]"));
        assertTrue(active.getText().contains("Elevated checkout errors after release 1.5.0"), active.getText());
        List<WebElement> updates = active.findElements(By.cssSelector("ol.updates > li"));
        assertTrue(updates.get(0).getText().startsWith("Identified"), "newest first: " + updates.get(0).getText());
        assertTrue(updates.get(0).getText().contains("rolling back to 1.4.2"));
        assertTrue(browser.findElement(By.cssSelector("section[aria-labelledby=maint-h]")).getText()
                .contains("Database upgrade to PostgreSQL 16"));
        String components = browser.findElement(By.cssSelector("section[aria-labelledby=components-h]")).getText();
        assertTrue(components.contains("Checkout") && components.contains("Partial outage"), components);
        assertTrue(browser.findElements(By.cssSelector(".bars")).size() >= 4, "a 90-day bar per component");
        assertTrue(browser.findElement(By.cssSelector("section[aria-labelledby=recent-h]")).getText()
                .contains("Search results delayed"));
        assertEquals(1, browser.findElements(By.cssSelector("header")).size());
        assertEquals(1, browser.findElements(By.cssSelector("main")).size());

        Path screenshots = Path.of("target", "screenshots");
        Files.createDirectories(screenshots);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve("status-page.png"), StandardCopyOption.REPLACE_EXISTING);

        browser.findElement(By.linkText("Elevated checkout errors after release 1.5.0")).click();
        assertEquals("Elevated checkout errors after release 1.5.0", browser.findElement(By.tagName("h1")).getText());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                screenshots.resolve("incident-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
