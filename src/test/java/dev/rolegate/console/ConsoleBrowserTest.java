package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (issue 14 item 4, first part): headless Chromium opens a console
 * link, lands on the console as that admin under the strict CSP (htmx runs, nothing is
 * blocked), and signs out through an htmx request that carries the CSRF token. The service
 * listens on a fixed port here so that its public base URL, which the console's origin check
 * compares with, is the address the browser uses.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class ConsoleBrowserTest {

    static final int PORT = ConsoleOrigin.PORT;

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    @Test
    void aLinkOpensTheConsoleAndSignOutEndsIt() throws Exception {
        String a = Api.createAccount("browser");
        String owner = "owner@" + a + ".test";
        String url = as(Tokens.platform()).body(Map.of("admin", owner, "returnUrl", "http://localhost:" + PORT + "/q/health"))
                .post("/v1/accounts/" + a + "/console/sessions").then().statusCode(201).extract().path("url");
        {
            {
                browser.driver().get(url);
                WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(10));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "signed in as"));
                assertEquals("http://localhost:" + PORT + "/console/" + a + "/", browser.driver().getCurrentUrl());
                assertTrue(browser.driver().findElement(By.tagName("main")).getText().contains(owner));
                Cookie cookie = browser.driver().manage().getCookieNamed(ConsoleFilter.COOKIE);
                assertTrue(cookie.isHttpOnly());
                assertEquals("/console/" + a + "/", cookie.getPath());
                // htmx loaded under the CSP (its global exists), and the browser reported no violation
                wait.until(d -> Boolean.TRUE.equals(browser.driver().executeScript("return typeof htmx === 'object'")));
                browser.screenshot("home");
                List<String> messages = browser.consoleMessages();
                assertTrue(messages.stream().noneMatch(m -> m.contains("Content Security Policy")), messages.toString());

                browser.driver().findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "You are signed out"));
                browser.screenshot("signed-out");
                browser.driver().navigate().refresh();
                // a browser is shown a page, not problem+json
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Your console session has ended"));
                browser.screenshot("session-ended");
            }
        }
    }
}
