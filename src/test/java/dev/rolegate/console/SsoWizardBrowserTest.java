package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 14 in a real browser: an owner walks the single sign-on wizard (Rolegate's SP values,
 * the IdP metadata, the mapping with an error next to its field), runs a test login against an
 * IdP that signs real responses (served by this test on another port, answering the deflated
 * AuthnRequest with a signed assertion and an auto-posting form, as IdPs do), sees the attributes
 * and roles it would bring, turns single sign-on on; then an admin opens the console by single
 * sign-on.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class SsoWizardBrowserTest {

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    @Inject
    SettableClock clock;

    private HttpServer idp;
    /** Who the IdP says logs in, and their groups. */
    private final AtomicReference<String> user = new AtomicReference<>();
    private final AtomicReference<List<String>> groups = new AtomicReference<>();
    private final List<String> messages = new ArrayList<>();
    private String account;

    /** The IdP's SSO endpoint: reads the AuthnRequest's ID and posts a signed answer to the account's ACS. */
    @BeforeEach
    void startIdp() throws IOException {
        clock.set(SamlTestLogins.NOW);
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/sso", exchange -> {
            String requestId = SamlTestLogins.requestIdOf("http://idp" + exchange.getRequestURI());
            String acs = ConsoleOrigin.BASE + "/saml/" + account + "/acs";
            String answer = SamlTestLogins.answer(ConsoleOrigin.BASE + "/saml/" + account + "/metadata", acs, requestId,
                    user.get(), groups.get());
            String html = "<!DOCTYPE html><html><head><title>Test IdP</title></head><body>"
                    + "<form id=\"f\" method=\"post\" action=\"" + acs + "\">"
                    + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + answer + "\">"
                    + "<noscript><button>Continue</button></noscript></form>"
                    + "<script>document.getElementById('f').submit()</script></body></html>";
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        idp.start();
    }

    @AfterEach
    void stopIdp() {
        idp.stop(0);
        clock.reset();
    }

    private String idpSso() {
        return "http://localhost:" + idp.getAddress().getPort() + "/sso";
    }

    @Test
    void anOwnerSetsUpSingleSignOnTestsItTurnsItOnAndAnAdminOpensTheConsoleWithIt() throws Exception {
        account = Api.createAccount("sso-wizard");
        String a = account;
        String app = ConsoleOrigin.BASE + "/q/health";
        browser.open(ConsoleOrigin.link(a, Tokens.adminSubject(a)));
        browser.driver().findElement(By.linkText("Single sign-on")).click();
        browser.waitForText("main h1", "Single sign-on");

        // step 1: what to copy into the IdP
        assertEquals(ConsoleOrigin.BASE + "/saml/" + a + "/metadata", text("#sp-entity-id"));
        assertEquals(ConsoleOrigin.BASE + "/saml/" + a + "/acs", text("#acs-url"));
        assertEquals("Not set up", text("#sso-state"));
        browser.screenshot("sso-wizard");

        // steps 2 and 3, with a mapping line that is no mapping: the error sits under its field
        set("idpMetadataXml", SamlTestLogins.metadataXml(idpSso()));
        set("groupRoles", "admins = admin\nEngineering team");
        set("defaultRoles", "viewer");
        set("redirectUrls", app);
        save();
        browser.waitForText("#mapping-error", "Line 2 (Engineering team) must read: group = role, role");
        assertEquals("true", browser.driver().findElement(By.id("groupRoles")).getAttribute("aria-invalid"));
        assertEquals("groupRoles", browser.driver().switchTo().activeElement().getAttribute("id"));
        assertTrue(browser.driver().findElement(By.id("idpMetadataXml")).getAttribute("value").contains("EntityDescriptor"),
                "what was typed is kept");
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("configured", equalTo(false));
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.driver().findElement(By.id("mapping-error")));
        browser.screenshot("sso-field-error");

        set("groupRoles", "admins = admin\nengineering = analyst");
        save();
        browser.waitForText("main .notice", "run a test login");
        assertEquals("Off", text("#sso-state"));
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("configured", equalTo(true)).body("enabled", equalTo(false));

        // step 4: a test login through the IdP, while single sign-on is off
        user.set("gina@example.test");
        groups.set(List.of("admins", "engineering", "marketing"));
        browser.driver().findElement(By.linkText("Run a test login")).click();
        browser.waitForText("main h1", "Test login result");
        assertTrue(text("#verdict").contains("would sign in gina@example.test"), text("#verdict"));
        String attributes = text("#attributes");
        assertTrue(attributes.contains("email") && attributes.contains("gina@example.test"), attributes);
        assertTrue(attributes.contains("groups") && attributes.contains("marketing"), attributes);
        assertEquals(List.of("viewer", "admin", "analyst"),
                browser.driver().findElements(By.cssSelector("#roles li")).stream().map(WebElement::getText).toList());
        assertTrue(text("#unmapped").contains("marketing"));
        admin(a).get("/v1/accounts/" + a + "/users/gina@example.test").then().statusCode(404);
        browser.screenshot("sso-test-result");

        browser.driver().findElement(By.xpath("//button[normalize-space()='Turn single sign-on on']")).click();
        browser.waitForText("main .notice", "Single sign-on is on");
        assertEquals("On", text("#sso-state"));
        assertEquals(ConsoleOrigin.BASE + "/console/" + a + "/sso/login", text("#console-login-url"));
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("enabled", equalTo(true));
        browser.screenshot("sso-on");
        messages.addAll(browser.consoleMessages());

        // gina logs in to the application once (JIT, admin from her group), then opens the console by SSO
        browser.driver().manage().deleteAllCookies();
        browser.driver().get(ConsoleOrigin.BASE + "/saml/" + a + "/login");
        browser.waitUntil(ExpectedConditions.urlContains("/q/health?code="));
        admin(a).get("/v1/accounts/" + a + "/users/gina@example.test").then().statusCode(200);
        browser.driver().get(ConsoleOrigin.BASE + "/console/" + a + "/sso/login");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.side")));
        assertEquals("gina@example.test", text(".who"));
        assertEquals(ConsoleOrigin.BASE + "/console/" + a + "/", browser.driver().getCurrentUrl());

        // someone without an admin role is refused with a page that says so
        browser.driver().manage().deleteAllCookies();
        user.set("hal@example.test");
        groups.set(List.of("engineering"));
        browser.driver().get(ConsoleOrigin.BASE + "/saml/" + a + "/login");
        browser.waitUntil(ExpectedConditions.urlContains("/q/health?code="));
        browser.driver().get(ConsoleOrigin.BASE + "/console/" + a + "/sso/login");
        browser.waitForText("main h1", "You cannot open this console");
        browser.screenshot("sso-console-refused");
        messages.addAll(browser.consoleMessages());
        assertTrue(messages.stream().noneMatch(m -> m.contains("Content Security Policy")), messages.toString());
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText().strip();
    }

    /** Fills a field as pasting would (long XML typed key by key would take long). */
    private void set(String id, String value) {
        WebElement field = browser.driver().findElement(By.id(id));
        browser.driver().executeScript("arguments[0].value = arguments[1]", field, value);
    }

    private void save() {
        browser.driver().findElement(By.xpath("//button[normalize-space()='Save IdP settings']")).click();
    }
}
