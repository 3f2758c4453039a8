package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: a vendor's backend asks for a console link, the admin's browser opens it once,
 * and the session it becomes is authorized as that admin on every request, within its own
 * account only, with CSRF-protected writes. Through HTTP on the real PostgreSQL; the test
 * profile's public base URL is https, so cookies are Secure and SameSite=None.
 */
@QuarkusTest
class ConsoleSessionTest {

    static final String ORIGIN = "https://rolegate.example.test";
    private static final Pattern CSRF = Pattern.compile("\"X-CSRF-Token\": \"([A-Za-z0-9_-]+)\"");

    @Inject
    SettableClock clock;

    @Inject
    javax.sql.DataSource database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A console session as the browser holds it: the cookie, and the CSRF token its pages carry. */
    record Browser(String account, String cookie, String csrf) {
        RequestSpecification request() {
            return given().redirects().follow(false).cookie(ConsoleFilter.COOKIE, cookie);
        }

        RequestSpecification write() {
            return request().header(ConsoleFilter.CSRF_HEADER, csrf).header("Origin", ORIGIN);
        }
    }

    @Test
    void aLinkOpensOnceAndBecomesASessionCookie() {
        String a = Api.createAccount("console");
        String owner = "owner@" + a + ".test";
        ExtractableResponse<Response> made = as(Tokens.platform()).body(Map.of("admin", owner))
                .post("/v1/accounts/" + a + "/console/sessions").then().statusCode(201)
                .header("Cache-Control", "no-store").extract();
        String url = made.path("url");
        assertTrue(url.startsWith(ORIGIN + "/console/" + a + "/open?link="), url);
        Instant expiresAt = Instant.parse(made.path("expiresAt"));
        Duration lifetime = Duration.between(Instant.now(), expiresAt);
        assertTrue(lifetime.compareTo(Duration.ofMinutes(5)) <= 0 && lifetime.compareTo(Duration.ofMinutes(4)) > 0,
                "link lifetime " + lifetime);

        ExtractableResponse<Response> opened = given().redirects().follow(false).get(pathOf(url))
                .then().statusCode(303)
                .header("Location", containsString("/console/" + a + "/"))
                .header("Referrer-Policy", "no-referrer")
                .extract();
        String setCookie = opened.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("Secure"), setCookie);
        assertTrue(setCookie.contains("SameSite=None"), setCookie);
        assertTrue(setCookie.contains("Path=/console/" + a + "/"), setCookie);
        String cookie = opened.cookie(ConsoleFilter.COOKIE);
        assertEquals(43, cookie.length());

        // a link works once
        given().redirects().follow(false).get(pathOf(url)).then().statusCode(404)
                .body("code", equalTo("console_link_invalid"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());

        // the session opens the console as that admin, with a strict CSP
        given().cookie(ConsoleFilter.COOKIE, cookie).get("/console/" + a + "/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .body(containsString("signed in as <strong>" + owner + "</strong>"));
        // no cookie, or a made-up one: no session
        given().get("/console/" + a + "/").then().statusCode(401).body("code", equalTo("console_session_required"));
        given().cookie(ConsoleFilter.COOKIE, "x".repeat(43)).get("/console/" + a + "/").then().statusCode(401);
        // a browser's page request is shown a page that says what to do, with the console's CSP
        given().accept("text/html,application/xhtml+xml").get("/console/" + a + "/").then().statusCode(401)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("Your console session has ended"));
    }

    @Test
    void aLinkExpiresAfterFiveMinutesAndASessionAfterFifteenIdleMinutes() {
        String a = Api.createAccount("console");
        String owner = "owner@" + a + ".test";
        clock.set(Instant.now());
        String late = link(a, owner, null);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        given().redirects().follow(false).get(pathOf(late)).then().statusCode(404).body("code", equalTo("console_link_invalid"));

        Browser browser = open(a, link(a, owner, null));
        // activity keeps it alive: 14 minutes, then 14 more, each time seen
        clock.advance(Duration.ofMinutes(14));
        browser.request().get("/console/" + a + "/").then().statusCode(200);
        clock.advance(Duration.ofMinutes(14));
        browser.request().get("/console/" + a + "/").then().statusCode(200);
        // 15 minutes without a request end it, for good
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        browser.request().get("/console/" + a + "/").then().statusCode(401).body("code", equalTo("console_session_required"));
        clock.advance(Duration.ofMinutes(-20));
        browser.request().get("/console/" + a + "/").then().statusCode(401);
    }

    @Test
    void aSessionOfOneAccountFindsNothingOfAnotherAndCannotCallTheApi() {
        String a = Api.createAccount("console");
        String b = Api.createAccount("console");
        Browser browser = open(a, link(a, "owner@" + a + ".test", null));
        browser.request().get("/console/" + b + "/").then().statusCode(404).body("code", equalTo("account_not_found"));
        browser.write().post("/console/" + b + "/users/owner@" + b + ".test/roles/viewer").then().statusCode(404);
        browser.request().get("/console/no-such-account-" + a + "/").then().statusCode(404);
        // the cookie is no credential for the API, not even of its own account
        browser.request().get("/v1/accounts/" + a + "/users").then().statusCode(401);
        browser.request().get("/v1/accounts/" + a).then().statusCode(401);
        // nor is a link of account A a link of account B
        String url = link(a, "owner@" + a + ".test", null);
        given().redirects().follow(false).get(pathOf(url).replace("/console/" + a + "/", "/console/" + b + "/"))
                .then().statusCode(404).body("code", equalTo("console_link_invalid"));
        given().redirects().follow(false).get(pathOf(url)).then().statusCode(303);
    }

    @Test
    void writesNeedTheSessionsCsrfTokenFromTheSameOrigin() {
        String a = Api.createAccount("console");
        admin(a).body(Map.of()).put("/v1/accounts/" + a + "/users/bob").then().statusCode(201);
        Browser browser = open(a, link(a, "owner@" + a + ".test", null));
        String assign = "/console/" + a + "/users/bob/roles/viewer";

        browser.request().post(assign).then().statusCode(403).body("code", equalTo("csrf_failed"));
        browser.request().header(ConsoleFilter.CSRF_HEADER, "forged").post(assign).then().statusCode(403)
                .body("code", equalTo("csrf_failed"));
        browser.request().header(ConsoleFilter.CSRF_HEADER, browser.csrf()).header("Origin", "https://evil.example")
                .post(assign).then().statusCode(403).body("code", equalTo("csrf_failed"));
        browser.request().header(ConsoleFilter.CSRF_HEADER, browser.csrf()).header("Sec-Fetch-Site", "cross-site")
                .post(assign).then().statusCode(403).body("code", equalTo("csrf_failed"));
        admin(a).get("/v1/accounts/" + a + "/users/bob/roles").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());

        browser.write().post(assign).then().statusCode(200).body(containsString("Assigned role <strong>viewer</strong>"));
        admin(a).get("/v1/accounts/" + a + "/users/bob/roles").then().statusCode(200).body("items.id", equalTo(List.of("viewer")));
        // the change is the admin's, in the audit log
        List<Map<String, Object>> audit = admin(a).get("/v1/accounts/" + a + "/audit?limit=1000").then().statusCode(200)
                .extract().path("items");
        Map<String, Object> last = audit.get(audit.size() - 1);
        assertEquals("assignment.create", last.get("action"));
        assertEquals("owner@" + a + ".test", last.get("actor"));
    }

    @Test
    void everyConsoleRequestIsAuthorizedAsItsAdminWithTheNoEscalationCeiling() {
        String a = Api.createAccount("console");
        String base = "/v1/accounts/" + a;
        for (String user : List.of("alice", "bob", "vic")) {
            admin(a).body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
        }
        admin(a).body(Map.of()).put(base + "/users/alice/roles/admin").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/vic/roles/viewer").then().statusCode(201);

        Browser alice = open(a, link(a, "alice", null));
        alice.request().get("/console/" + a + "/").then().statusCode(200);
        // admin holds analyst's permissions (it inherits analyst) but not owner's billing.manage
        alice.write().post("/console/" + a + "/users/bob/roles/analyst").then().statusCode(200);
        alice.write().post("/console/" + a + "/users/bob/roles/owner").then().statusCode(403)
                .body("detail", containsString("billing.manage"));
        admin(a).get(base + "/users/bob/roles").then().statusCode(200).body("items.id", equalTo(List.of("analyst")));

        // a viewer's console opens (the link was the platform's) but the viewer may do nothing in it
        Browser vic = open(a, link(a, "vic", null));
        vic.request().get("/console/" + a + "/").then().statusCode(403).body("detail", containsString("rbac.account.read"));
        vic.write().post("/console/" + a + "/users/bob/roles/viewer").then().statusCode(403);

        // rights are the admin's at the time of each request: revoked, alice's open session can no longer assign
        admin(a).delete(base + "/users/alice/roles/admin").then().statusCode(204);
        awaitRevision(a);
        alice.write().post("/console/" + a + "/users/bob/roles/viewer").then().statusCode(403);
    }

    @Test
    void whoMayAskForALinkAndWhatItMayName() {
        String a = Api.createAccount("console");
        String base = "/v1/accounts/" + a;
        String owner = "owner@" + a + ".test";
        admin(a).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of("status", "disabled")).put(base + "/users/carol").then().statusCode(201);

        // a token of the account: only as itself
        admin(a).body(Map.of("admin", "bob")).post(base + "/console/sessions").then().statusCode(403);
        as(Tokens.admin(a, owner)).body(Map.of("admin", owner)).post(base + "/console/sessions").then().statusCode(201);
        // a check token or a token of another account: no
        as(Tokens.check(a)).body(Map.of("admin", owner)).post(base + "/console/sessions").then().statusCode(403);
        String other = Api.createAccount("console");
        as(Tokens.admin(other)).body(Map.of("admin", owner)).post(base + "/console/sessions").then().statusCode(403);

        as(Tokens.platform()).body(Map.of("admin", "nobody")).post(base + "/console/sessions").then().statusCode(404)
                .body("code", equalTo("user_not_found"));
        as(Tokens.platform()).body(Map.of("admin", "carol")).post(base + "/console/sessions").then().statusCode(422)
                .body("code", equalTo("admin_not_active"));
        as(Tokens.platform()).body(Map.of()).post(base + "/console/sessions").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/admin"));
        as(Tokens.platform()).body(Map.of("admin", owner)).post("/v1/accounts/no-such-" + a + "/console/sessions")
                .then().statusCode(404).body("code", equalTo("account_not_found"));
        for (String bad : List.of("javascript:alert(1)", "http://vendor.example/settings", "https://user:pw@vendor.example/",
                "/relative", "https://vendor.example/" + "x".repeat(2100))) {
            as(Tokens.platform()).body(Map.of("admin", owner, "returnUrl", bad)).post(base + "/console/sessions")
                    .then().statusCode(400).body("errors[0].pointer", equalTo("/returnUrl"));
        }
        Browser browser = open(a, link(a, owner, "https://vendor.example/settings?tab=access"));
        browser.request().get("/console/" + a + "/").then().statusCode(200)
                .body(containsString("href=\"https://vendor.example/settings?tab=access\""));
        // unknown fields are refused like everywhere in /v1
        as(Tokens.platform()).body(Map.of("admin", owner, "role", "owner")).post(base + "/console/sessions").then().statusCode(400);
    }

    @Test
    void signingOutEndsTheSession() {
        String a = Api.createAccount("console");
        Browser browser = open(a, link(a, "owner@" + a + ".test", null));
        browser.request().post("/console/" + a + "/session/end").then().statusCode(403);
        browser.write().post("/console/" + a + "/session/end").then().statusCode(200)
                .body(containsString("You are signed out"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        browser.request().get("/console/" + a + "/").then().statusCode(401);
    }

    static String link(String account, String admin, String returnUrl) {
        Map<String, Object> body = returnUrl == null ? Map.of("admin", admin) : Map.of("admin", admin, "returnUrl", returnUrl);
        return as(Tokens.platform()).body(body).post("/v1/accounts/" + account + "/console/sessions")
                .then().statusCode(201).extract().path("url");
    }

    private Browser open(String account, String url) {
        return open(account, url, cookie -> csrfOf(account, cookie));
    }

    /**
     * Opens a link as a browser would and reads the CSRF token from the console's home page, or,
     * when its admin may not open it (a viewer), from {@code csrfOf}.
     */
    static Browser open(String account, String url, java.util.function.UnaryOperator<String> csrfOf) {
        String cookie = given().redirects().follow(false).get(pathOf(url)).then().statusCode(303)
                .extract().cookie(ConsoleFilter.COOKIE);
        String page = given().cookie(ConsoleFilter.COOKIE, cookie).get("/console/" + account + "/").asString();
        Matcher m = CSRF.matcher(page);
        String csrf = m.find() ? m.group(1) : csrfOf.apply(cookie);
        return new Browser(account, cookie, csrf);
    }

    /** The session's CSRF token when its admin may not open the home page: from its database row. */
    private String csrfOf(String account, String cookie) {
        try (var connection = database.getConnection();
             var statement = connection.prepareStatement(
                     "SELECT csrf_token FROM console_session WHERE account_id = ? AND session_hash = ?")) {
            statement.setString(1, account);
            statement.setString(2, dev.rolegate.platform.OneTimeSecrets.hash(cookie));
            try (var rows = statement.executeQuery()) {
                assertTrue(rows.next(), "no session row");
                return rows.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the service's snapshot of the account holds its newest revision (the admin's rights come from it). */
    private static void awaitRevision(String account) {
        long head = ((Number) admin(account).get("/v1/accounts/" + account + "/changes?limit=1").then().statusCode(200)
                .extract().path("head")).longValue();
        as(Tokens.check(account)).body(Map.of("subject", "alice", "permission", "rbac.assignments.write", "atLeastRevision", head))
                .post("/v1/accounts/" + account + "/check").then().statusCode(200).body("allowed", equalTo(false));
    }

    static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    @Test
    void cookiesAreSecureExceptOnPlainHttpLoopback() {
        ConsoleSessions sessions = new ConsoleSessions();
        sessions.publicBaseUrl = "http://localhost:8080";
        assertFalse(sessions.secureCookies());
        sessions.publicBaseUrl = "http://127.0.0.1:8080";
        assertFalse(sessions.secureCookies());
        sessions.publicBaseUrl = "http://rolegate.internal:8080";
        assertTrue(sessions.secureCookies());
        sessions.publicBaseUrl = "https://localhost:8443";
        assertTrue(sessions.secureCookies());
        assertEquals("https://localhost:8443", sessions.publicOrigin());
    }
}
