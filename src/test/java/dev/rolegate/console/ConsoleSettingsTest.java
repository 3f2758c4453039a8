package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: where the console may be framed and its brand are an account setting, written
 * through the unit of work (a revision, a change item of kind {@code console_settings}, an audit
 * entry), refused whole when any value is bad, and sent as the console's {@code frame-ancestors}.
 */
@QuarkusTest
class ConsoleSettingsTest {

    /** The smallest PNG: the signature and an IHDR chunk's start are enough for the sniffing. */
    static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000");

    static String dataUri(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void settingsAreNormalisedStoredAsAChangeAndSentAsFrameAncestors() throws Exception {
        String a = Api.createAccount("console-settings");
        String base = "/v1/accounts/" + a + "/console/settings";
        as(Tokens.platform()).get(base).then().statusCode(200)
                .body("frameAncestors", equalTo(List.of())).body("brandColor", nullValue()).body("logo", nullValue());
        ConsoleSessionTest.Browser browser = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError("the owner opens the home page"); });
        // none until set: the console cannot be framed
        browser.request().get("/console/" + a + "/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));

        Map<String, Object> body = new HashMap<>();
        body.put("frameAncestors", List.of("HTTPS://App.Vendor.example:443/", "https://admin.vendor.example:8443",
                "http://localhost:3000", "https://app.vendor.example"));
        body.put("brandColor", "#0B7285");
        body.put("logo", dataUri("image/png", PNG));
        String revision = as(Tokens.platform()).body(body).put(base).then().statusCode(201)
                .body("frameAncestors", equalTo(List.of("https://app.vendor.example", "https://admin.vendor.example:8443",
                        "http://localhost:3000")))
                .body("brandColor", equalTo("#0b7285"))
                .body("logo", equalTo(dataUri("image/png", PNG)))
                .extract().header("Rolegate-Revision");
        as(Tokens.platform()).body(body).put(base).then().statusCode(200);

        browser.request().get("/console/" + a + "/").then().statusCode(200)
                .header("Content-Security-Policy", containsString(
                        "frame-ancestors https://app.vendor.example https://admin.vendor.example:8443 http://localhost:3000"))
                .body(containsString("/console/" + a + "/brand.css"))
                .body(containsString("/console/" + a + "/brand/logo"));
        browser.request().get("/console/" + a + "/brand.css").then().statusCode(200).contentType(containsString("text/css"))
                .body(equalTo(":root { --brand: #0b7285; --brand-ink: #ffffff; }\n"));
        byte[] logo = browser.request().get("/console/" + a + "/brand/logo").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertEquals(HexFormat.of().formatHex(PNG), HexFormat.of().formatHex(logo));
        // an error answer names no account's settings
        browser.request().get("/console/" + a + "/no-such-page").then().statusCode(404)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));

        // the change feed carries the settings with the logo's digest, never its bytes
        JsonPath feed = as(Tokens.check(a)).get("/v1/accounts/" + a + "/changes?after=" + (Long.parseLong(revision) - 1))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("console_settings", feed.getString("items[0].changes[0].kind"));
        assertEquals("console:settings", feed.getString("items[0].changes[0].key"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG)),
                feed.getString("items[0].changes[0].after.logoSha256"));
        assertFalse(feed.prettify().contains(Base64.getEncoder().encodeToString(PNG)));
        List<String> actions = Api.admin(a).get("/v1/accounts/" + a + "/audit?target=console:settings")
                .then().statusCode(200).extract().jsonPath().getList("items.action");
        assertTrue(actions.containsAll(List.of("console.settings.create", "console.settings.update")), actions.toString());
    }

    @Test
    void aBadValueIsRefusedWithItsPointerAndNothingChanges() {
        String a = Api.createAccount("console-settings");
        String base = "/v1/accounts/" + a + "/console/settings";
        as(Tokens.platform()).body(Map.of("frameAncestors", List.of("https://app.vendor.example"))).put(base).then().statusCode(201);
        String before = as(Tokens.platform()).get("/v1/accounts/" + a).then().extract().header("Rolegate-Revision");

        // each of these would let a page the account never named frame its console, or break the header
        for (String origin : List.of("*", "https://*.vendor.example", "https:", "'self'", "http://vendor.example",
                "https://vendor.example/settings", "https://vendor.example?x=1", "https://user@vendor.example",
                "https://vendor.example; script-src *", "javascript:alert(1)", "https://vendor.example#top", "")) {
            as(Tokens.platform()).body(Map.of("frameAncestors", List.of("https://ok.example", origin))).put(base)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_request")).body("errors[0].pointer", equalTo("/frameAncestors/1"));
        }
        List<String> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "https://a" + i + ".example").toList();
        as(Tokens.platform()).body(Map.of("frameAncestors", eleven)).put(base).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/frameAncestors"));
        as(Tokens.platform()).body(Map.of("brandColor", "red")).put(base).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/brandColor"));
        as(Tokens.platform()).body(Map.of("brandColor", "#12345g")).put(base).then().statusCode(400);
        String svg = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        as(Tokens.platform()).body(Map.of("logo", dataUri("image/svg+xml", svg.getBytes()))).put(base).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/logo"));
        as(Tokens.platform()).body(Map.of("logo", dataUri("image/jpeg", PNG))).put(base).then().statusCode(400)
                .body("errors[0].message", containsString("holds image/png"));
        as(Tokens.platform()).body(Map.of("logo", dataUri("image/png", new byte[40 * 1024]))).put(base).then().statusCode(400)
                .body("errors[0].message", containsString("at most 32 KiB"));
        // two bad fields: both named
        as(Tokens.platform()).body(Map.of("frameAncestors", List.of("*"), "brandColor", "blue")).put(base).then().statusCode(400)
                .body("errors.pointer", equalTo(List.of("/frameAncestors/0", "/brandColor")));

        as(Tokens.platform()).get(base).then().statusCode(200).body("frameAncestors", equalTo(List.of("https://app.vendor.example")));
        assertEquals(before, as(Tokens.platform()).get("/v1/accounts/" + a).then().extract().header("Rolegate-Revision"));
    }

    @Test
    void ownersAndThePlatformMaySetThemAnAdminMayOnlyReadThemAndNoOtherAccountMay() {
        String a = Api.createAccount("console-settings");
        String b = Api.createAccount("console-settings");
        String base = "/v1/accounts/" + a + "/console/settings";
        String adam = "adam@" + a + ".test";
        Api.admin(a).body(Map.of("email", adam, "displayName", "Adam", "status", "active"))
                .put("/v1/accounts/" + a + "/users/" + adam).then().statusCode(201);
        Api.admin(a).body(Map.of()).put("/v1/accounts/" + a + "/users/" + adam + "/roles/admin").then().statusCode(201);

        Map<String, Object> body = Map.of("frameAncestors", List.of("https://app.vendor.example"));
        as(Tokens.admin(a)).body(body).put(base).then().statusCode(201);
        as(Tokens.admin(a, adam)).get(base).then().statusCode(200);
        as(Tokens.admin(a, adam)).body(body).put(base).then().statusCode(403).body("code", equalTo("forbidden"));
        as(Tokens.admin(b)).get(base).then().statusCode(403);
        as(Tokens.admin(b)).body(body).put(base).then().statusCode(403);
        as(Tokens.check(a)).get(base).then().statusCode(403);
        given().get(base).then().statusCode(401);
    }
}
