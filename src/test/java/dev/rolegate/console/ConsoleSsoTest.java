package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.sso.SamlLoginStart;
import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: single sign-on from the console, over HTTP with signed responses from the test IdP.
 * SAML can be configured but off (application logins 409 {@code saml_disabled}, the test login
 * still works); a test login writes no user and shows its result only to the console session
 * that started it; the ACS acts on what the answered request was for, so a console login never
 * yields an application code and an application login never a console session; a non-admin is
 * refused the console.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class ConsoleSsoTest {

    static final String IDP_SSO = "https://idp.example.test/sso";
    static final String APP = "https://app.example.test/after-login";
    private static final Pattern CSRF = Pattern.compile("\"X-CSRF-Token\": \"([A-Za-z0-9_-]+)\"");

    @Inject
    SettableClock clock;

    @BeforeEach
    void pinClock() {
        clock.set(SamlTestLogins.NOW);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A console session as a browser holds it: the cookie and the CSRF token of its pages. */
    record Session(String account, String cookie, String csrf) {
        RequestSpecification read() {
            return given().redirects().follow(false).cookie(ConsoleFilter.COOKIE, cookie);
        }

        RequestSpecification write() {
            return read().header(ConsoleFilter.CSRF_HEADER, csrf).header("Origin", ConsoleOrigin.BASE);
        }
    }

    static Session session(String account, String admin) {
        return sessionFrom(account, ConsoleOrigin.link(account, admin));
    }

    static Session sessionFrom(String account, String link) {
        URI uri = URI.create(link);
        String cookie = given().redirects().follow(false).get(uri.getRawPath() + "?" + uri.getRawQuery())
                .then().statusCode(303).extract().cookie(ConsoleFilter.COOKIE);
        String page = given().cookie(ConsoleFilter.COOKIE, cookie).get("/console/" + account + "/").then().statusCode(200)
                .extract().asString();
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), "the console's page carries the CSRF token");
        return new Session(account, cookie, m.group(1));
    }

    static String spEntityId(String account) {
        return ConsoleOrigin.BASE + "/saml/" + account + "/metadata";
    }

    static String acsUrl(String account) {
        return ConsoleOrigin.BASE + "/saml/" + account + "/acs";
    }

    /** The configuration of these tests: IdP-initiated allowed, JIT on, admins → admin, engineering → analyst. */
    static Map<String, Object> config(Boolean enabled) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idpMetadataXml", SamlTestLogins.metadataXml(IDP_SSO));
        body.put("emailAttribute", "email");
        body.put("displayNameAttribute", "displayName");
        body.put("groupsAttribute", "groups");
        body.put("groupRoles", Map.of("engineering", List.of("analyst"), "admins", List.of("admin")));
        body.put("defaultRoles", List.of("viewer"));
        body.put("jitProvisioning", true);
        body.put("allowIdpInitiated", true);
        body.put("redirectUrls", List.of(APP));
        if (enabled != null) {
            body.put("enabled", enabled);
        }
        return body;
    }

    static Response postAcs(String account, String samlResponse, Map<String, String> cookies) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded").cookies(cookies)
                .formParam("SAMLResponse", samlResponse).post("/saml/" + account + "/acs");
    }

    /** Logs {@code email} in to the application by an unsolicited response (JIT, roles from {@code groups}). */
    static void appLogin(String account, String email, List<String> groups) {
        postAcs(account, SamlTestLogins.answer(spEntityId(account), acsUrl(account), null, email, groups), Map.of())
                .then().statusCode(302).header("Location", startsWith(APP + "?code="));
    }

    /** The IdP's side of an SP-initiated login started by {@code start}: the redirect's request ID and its binding cookie. */
    record Started(String requestId, Map<String, String> cookies) {
    }

    static Started started(Response start) {
        start.then().statusCode(303).header("Location", startsWith(IDP_SSO + "?SAMLRequest="));
        Map<String, String> cookies = new LinkedHashMap<>();
        start.getDetailedCookies().forEach(c -> {
            if (c.getName().startsWith(SamlLoginStart.COOKIE_PREFIX)) {
                cookies.put(c.getName(), c.getValue());
            }
        });
        assertEquals(1, cookies.size(), "one binding cookie");
        return new Started(SamlTestLogins.requestIdOf(start.getHeader("Location")), cookies);
    }

    @Test
    void configuredButOffRefusesApplicationLoginsUntilTurnedOn() {
        String a = Api.createAccount("sso-off");
        String path = "/v1/accounts/" + a + "/sso/saml";
        admin(a).body(config(false)).put(path).then().statusCode(201).body("enabled", equalTo(false));
        // a PUT that does not name the switch keeps it
        admin(a).body(config(null)).put(path).then().statusCode(200).body("enabled", equalTo(false));

        given().redirects().follow(false).get("/saml/" + a + "/login").then().statusCode(409)
                .body("code", equalTo("saml_disabled"));
        String unsolicited = SamlTestLogins.answer(spEntityId(a), acsUrl(a), null, "alice@example.test", List.of("engineering"));
        postAcs(a, unsolicited, Map.of()).then().statusCode(409).body("code", equalTo("saml_disabled"));
        admin(a).get("/v1/accounts/" + a + "/users/alice@example.test").then().statusCode(404);
        // the console's login by single sign-on is refused too
        given().redirects().follow(false).accept("text/html").get("/console/" + a + "/sso/login").then().statusCode(409)
                .body(containsString("Single sign-on is off"));

        // the owner turns it on in the console: a revision of kind sso_settings
        Session owner = session(a, Tokens.adminSubject(a));
        owner.read().header(ConsoleFilter.CSRF_HEADER, owner.csrf()).formParam("enabled", "true")
                .header("Origin", "https://evil.example").post("/console/" + a + "/sso/enabled").then().statusCode(403);
        owner.write().formParam("enabled", "maybe").post("/console/" + a + "/sso/enabled").then().statusCode(400);
        owner.write().formParam("enabled", "true").post("/console/" + a + "/sso/enabled").then().statusCode(200)
                .body(containsString("Single sign-on is on."));
        admin(a).get(path).then().statusCode(200).body("enabled", equalTo(true));
        // the same response is now accepted (its earlier refusal was rolled back, replay guard included)
        postAcs(a, unsolicited, Map.of()).then().statusCode(302).header("Location", startsWith(APP + "?code="));
        admin(a).get("/v1/accounts/" + a + "/users/alice@example.test").then().statusCode(200);
    }

    @Test
    void aTestLoginProvisionsNobodyAndShowsItsResultOnlyToItsSession() {
        String a = Api.createAccount("sso-test");
        admin(a).body(config(false)).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        Session owner = session(a, Tokens.adminSubject(a));

        Started test = started(owner.read().get("/console/" + a + "/sso/test"));
        String answer = SamlTestLogins.answer(spEntityId(a), acsUrl(a), test.requestId(), "carol@example.test",
                List.of("engineering", "marketing"));
        String result = postAcs(a, answer, test.cookies()).then().statusCode(303)
                .header("Location", startsWith(ConsoleOrigin.BASE + "/console/" + a + "/sso/test/")).extract().header("Location")
                .substring(ConsoleOrigin.BASE.length());

        String page = owner.read().get(result).then().statusCode(200).extract().asString();
        assertTrue(page.contains("carol@example.test"), "the NameID and email received");
        assertTrue(page.contains("Test carol"), "the display name received");
        assertTrue(page.contains("<code>groups</code>"), "the attribute names received");
        assertTrue(Pattern.compile("id=\"roles\">.*viewer.*analyst", Pattern.DOTALL).matcher(page).find(), page);
        assertTrue(Pattern.compile("id=\"unmapped\">.*marketing", Pattern.DOTALL).matcher(page).find(), "the unmapped group");
        assertTrue(page.contains("a new user, created at the first login"));
        assertTrue(page.contains("Turn single sign-on on"));

        // nothing was written: no user, no assignment, SAML still off
        admin(a).get("/v1/accounts/" + a + "/users/carol@example.test").then().statusCode(404);
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("enabled", equalTo(false));
        // the same answer again: refused (the request and the assertion ID were used up)
        postAcs(a, answer, test.cookies()).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        // another session of the same admin does not see it
        Session other = session(a, Tokens.adminSubject(a));
        other.read().get(result).then().statusCode(404).body("code", equalTo("saml_test_login_not_found"));
        // nor does another account's session (its path is walled off before that)
        String b = Api.createAccount("sso-test-other");
        session(b, Tokens.adminSubject(b)).read().get(result).then().statusCode(404).body("code", equalTo("account_not_found"));
    }

    @Test
    void aConsoleLoginOpensASessionForAnAdminAndNeverYieldsAnApplicationCode() {
        String a = Api.createAccount("sso-console");
        admin(a).body(config(true)).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        appLogin(a, "dana@example.test", List.of("admins"));

        Started console = started(given().redirects().follow(false).get("/console/" + a + "/sso/login"));
        String answer = SamlTestLogins.answer(spEntityId(a), acsUrl(a), console.requestId(), "dana@example.test", List.of("admins"));
        String link = postAcs(a, answer, console.cookies()).then().statusCode(303)
                .header("Location", startsWith(ConsoleOrigin.BASE + "/console/" + a + "/open?link="))
                .header("Location", not(containsString("code="))).extract().header("Location").substring(ConsoleOrigin.BASE.length());
        Session dana = sessionFrom(a, ConsoleOrigin.BASE + link);
        String home = dana.read().get("/console/" + a + "/").then().statusCode(200).extract().asString();
        assertTrue(home.contains("dana@example.test"), "the console is signed in as the admin");
        // the link is one-time, like any console link
        given().redirects().follow(false).get(link).then().statusCode(404).body("code", equalTo("console_link_invalid"));

        // an application login's answer never opens the console, whatever its groups
        Started app = started303(given().redirects().follow(false).get("/saml/" + a + "/login"));
        String appAnswer = SamlTestLogins.answer(spEntityId(a), acsUrl(a), app.requestId(), "dana@example.test", List.of("admins"));
        Response appAcs = postAcs(a, appAnswer, app.cookies());
        appAcs.then().statusCode(302).header("Location", startsWith(APP + "?code="));
        assertFalse(appAcs.getHeaders().hasHeaderWithName("Set-Cookie") && appAcs.getHeader("Set-Cookie").contains(ConsoleFilter.COOKIE));
        // and a console login's binding does not answer an application request: the request is bound to its own purpose
        Started console2 = started(given().redirects().follow(false).get("/console/" + a + "/sso/login"));
        String code = SamlTestLogins.codeOf(postAcs(a,
                SamlTestLogins.answer(spEntityId(a), acsUrl(a), null, "dana@example.test", List.of("admins")), Map.of()));
        String consoleAnswer = SamlTestLogins.answer(spEntityId(a), acsUrl(a), console2.requestId(), "dana@example.test",
                List.of("admins"));
        Response consoleAcs = postAcs(a, consoleAnswer, console2.cookies());
        consoleAcs.then().statusCode(303).header("Location", startsWith(ConsoleOrigin.BASE + "/console/" + a + "/open?link="));
        // the console login's link is no application code: exchanging it is refused; the real code works once
        String linkSecret = consoleAcs.getHeader("Location").substring(consoleAcs.getHeader("Location").indexOf("link=") + 5);
        Api.as(Tokens.check(a)).body(Map.of("code", linkSecret)).post("/v1/accounts/" + a + "/sso/token").then().statusCode(400);
        Api.as(Tokens.check(a)).body(Map.of("code", code)).post("/v1/accounts/" + a + "/sso/token").then().statusCode(200);
    }

    @Test
    void aConsoleLoginOfSomeoneWhoIsNoAdminIsRefusedWithAPage() {
        String a = Api.createAccount("sso-noadmin");
        admin(a).body(config(true)).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        appLogin(a, "erin@example.test", List.of("engineering"));

        Started console = started(given().redirects().follow(false).get("/console/" + a + "/sso/login"));
        String answer = SamlTestLogins.answer(spEntityId(a), acsUrl(a), console.requestId(), "erin@example.test",
                List.of("engineering"));
        postAcs(a, answer, console.cookies()).then().statusCode(403).contentType(containsString("text/html"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body(containsString("You cannot open this console"));

        // someone the IdP vouches for but who never logged in to the application: not provisioned by a console login
        Started stranger = started(given().redirects().follow(false).get("/console/" + a + "/sso/login"));
        postAcs(a, SamlTestLogins.answer(spEntityId(a), acsUrl(a), stranger.requestId(), "frank@example.test", List.of("admins")),
                stranger.cookies()).then().statusCode(403);
        admin(a).get("/v1/accounts/" + a + "/users/frank@example.test").then().statusCode(404);
    }

    @Test
    void anIdpWithOnlyThePostBindingGetsAFormThatTheConsolesPolicyLetsSubmit() {
        String a = Api.createAccount("sso-post");
        Map<String, Object> body = config(false);
        body.put("idpMetadataXml", SamlTestLogins.metadataXmlPostOnly(IDP_SSO));
        admin(a).body(body).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        Session owner = session(a, Tokens.adminSubject(a));
        Response page = owner.read().accept("text/html").get("/console/" + a + "/sso/test");
        page.then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("action=\"" + IDP_SSO + "\""))
                .body(containsString("name=\"SAMLRequest\""))
                .body(containsString("/console-assets/sso.js"))
                .body(not(containsString("onload")));
        assertTrue(page.getHeader("Set-Cookie").startsWith(SamlLoginStart.COOKIE_PREFIX), "the binding cookie is set");
    }

    @Test
    void theWizardSavesAllOrNothingAndOnlyForThoseWhoMayConfigureSso() {
        String a = Api.createAccount("sso-form");
        Session owner = session(a, Tokens.adminSubject(a));
        owner.read().get("/console/" + a + "/sso").then().statusCode(200)
                .body(containsString(spEntityId(a))).body(containsString(acsUrl(a)))
                .body(containsString("Save the IdP settings first"));

        // bad metadata, an unknown role and a bad URL: each under its field, nothing stored
        String refused = owner.write().formParam("idpMetadataXml", "<md:EntityDescriptor/>")
                .formParam("groupRoles", "admins = admin").formParam("redirectUrls", APP + "\nftp://x")
                .post("/console/" + a + "/sso").then().statusCode(400).extract().asString();
        assertTrue(refused.contains("id=\"redirect-error\">Line 2 (ftp://x)"), refused);
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("configured", equalTo(false));
        refused = owner.write().formParam("idpMetadataXml", "<md:EntityDescriptor/>").formParam("redirectUrls", APP)
                .post("/console/" + a + "/sso").then().statusCode(422).extract().asString();
        assertTrue(refused.contains("id=\"metadata-error\">The IdP metadata cannot be used"), refused);
        refused = owner.write().formParam("idpMetadataXml", SamlTestLogins.metadataXml(IDP_SSO))
                .formParam("groupRoles", "admins = no-such-role").formParam("redirectUrls", APP)
                .post("/console/" + a + "/sso").then().statusCode(422).extract().asString();
        assertTrue(refused.contains("id=\"mapping-error\">") && refused.contains("no-such-role"), refused);
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("configured", equalTo(false));

        // a good form: stored off, with the mapping as the API has it
        owner.write().formParam("idpMetadataXml", SamlTestLogins.metadataXml(IDP_SSO)).formParam("emailAttribute", "email")
                .formParam("groupsAttribute", "groups").formParam("groupRoles", "admins = admin\nEng = analyst, viewer")
                .formParam("defaultRoles", "viewer").formParam("jitProvisioning", "true").formParam("redirectUrls", APP)
                .post("/console/" + a + "/sso").then().statusCode(200).body(containsString("run a test login"));
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().statusCode(200)
                .body("configured", equalTo(true)).body("enabled", equalTo(false))
                .body("groupRoles.Eng", equalTo(List.of("analyst", "viewer")))
                .body("defaultRoles", equalTo(List.of("viewer"))).body("jitProvisioning", equalTo(true));

        // an admin without rbac.sso.write (the template's admin role) may open the console, not this page
        admin(a).body(Map.of("email", "ivy@example.test")).put("/v1/accounts/" + a + "/users/ivy@example.test")
                .then().statusCode(201);
        admin(a).body(Map.of()).put("/v1/accounts/" + a + "/users/ivy@example.test/roles/admin").then().statusCode(201);
        Session ivy = session(a, "ivy@example.test");
        ivy.read().get("/console/" + a + "/sso").then().statusCode(403);
        ivy.read().get("/console/" + a + "/sso/test").then().statusCode(403);
        ivy.write().formParam("enabled", "true").post("/console/" + a + "/sso/enabled").then().statusCode(403);
        admin(a).get("/v1/accounts/" + a + "/sso/saml").then().body("enabled", equalTo(false));
    }

    /** {@link #started} for the application's own {@code /saml/{a}/login}, which answers 302. */
    static Started started303(Response start) {
        start.then().statusCode(302).header("Location", startsWith(IDP_SSO + "?SAMLRequest="));
        Map<String, String> cookies = new LinkedHashMap<>();
        start.getDetailedCookies().forEach(c -> {
            if (c.getName().startsWith(SamlLoginStart.COOKIE_PREFIX)) {
                cookies.put(c.getName(), c.getValue());
            }
        });
        return new Started(SamlTestLogins.requestIdOf(start.getHeader("Location")), cookies);
    }
}
