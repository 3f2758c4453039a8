package dev.rolegate.scim;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 2 and the settings of item 3: SCIM bearer tokens (shown once, stored as a digest,
 * two at a time, revoked at once, bound to their account) and the account's SCIM settings
 * (validated, authorized by {@code rbac.directory.write}, never escalating), on the real database.
 */
@QuarkusTest
class ScimAdminApiTest {

    @Inject
    ScimTokens tokens;

    @Inject
    ScimSettingsService settingsService;

    @Inject
    DataSource database;

    @ConfigProperty(name = "rolegate.sso.public-base-url")
    String publicBaseUrl;

    private static String base(String account) {
        return "/v1/accounts/" + account + "/scim";
    }

    private static JsonPath create(String account) {
        return admin(account).post(base(account) + "/tokens").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndStoredOnlyAsItsDigest() throws Exception {
        String a = Api.createAccount("scim-tok");
        Response created = admin(a).post(base(a) + "/tokens");
        created.then().statusCode(201);
        JsonPath body = created.jsonPath();
        String id = body.getString("id");
        String token = body.getString("token");
        assertTrue(id.matches("[a-z2-7]{12}"), id);
        assertTrue(token.matches("rgscim_" + id + "_[A-Za-z0-9_-]{43}"), "token of the documented format");
        assertEquals(List.of("createdAt", "id", "token"), body.getMap("").keySet().stream().sorted().toList());
        assertTrue(created.header("Location").endsWith("/v1/accounts/" + a + "/scim/tokens/" + id), created.header("Location"));

        String listed = admin(a).get(base(a) + "/tokens").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].id", equalTo(id))
                .body("items[0].createdAt", equalTo(body.getString("createdAt")))
                .body("items[0].lastUsedAt", equalTo(null)).extract().asString();
        String secret = token.substring(("rgscim_" + id + "_").length());
        assertFalse(listed.contains(token) || listed.contains(secret), listed);

        // the table holds the SHA-256 of the whole token and nothing from which the token could be read
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM scim_token WHERE account_id = ?")) {
            s.setString(1, a);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)),
                        r.getBytes("token_hash"));
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    row.append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) + new String(bytes, StandardCharsets.ISO_8859_1)
                            : String.valueOf(value)).append('|');
                }
                assertFalse(row.toString().contains(secret), "the secret is not stored");
                assertFalse(r.next());
            }
        }
        // audited by id, never with the token
        JsonPath audit = admin(a).get("/v1/accounts/" + a + "/audit?limit=1000").then().statusCode(200).extract().jsonPath();
        List<String> actions = audit.getList("items.action");
        assertTrue(actions.contains("scim.token.create"), actions.toString());
        String log = admin(a).get("/v1/accounts/" + a + "/audit/export?format=jsonl").then().statusCode(200).extract().asString();
        assertTrue(log.contains("scim:token:" + id), "the entry names the token's id");
        assertFalse(log.contains(secret), "the audit log never holds the secret");
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual));
    }

    @Test
    void authenticateAcceptsExactlyAnActiveTokenOfItsOwnAccount() throws Exception {
        String a = Api.createAccount("scim-auth");
        String b = Api.createAccount("scim-other");
        JsonPath t = create(a);
        String id = t.getString("id");
        String token = t.getString("token");

        assertEquals(Optional.of(id), tokens.authenticate(a, token));
        assertEquals(Optional.empty(), tokens.authenticate(b, token), "a token of A finds nothing on B");
        // the same id with another secret (and one differing in its last character only)
        String wrongSecret = token.substring(0, token.length() - 43) + "A".repeat(43);
        String lastChar = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertEquals(Optional.empty(), tokens.authenticate(a, wrongSecret));
        assertEquals(Optional.empty(), tokens.authenticate(a, lastChar));
        for (String garbage : Arrays.asList(null, "", " ", "Bearer " + token, token + "x", token.toUpperCase(),
                token.substring(1), "rgscim_", "rgscim__", "rgscim_" + id, "rgscim_" + id + "_",
                "rgscim_" + id.toUpperCase() + token.substring(19), "rgscim_../../etc" + token.substring(16),
                "rgscim_" + id + "_" + "\u0000".repeat(43), "x".repeat(62), "x".repeat(100_000), "ключ",
                token.replace('_', '-'))) {
            assertEquals(Optional.empty(), tokens.authenticate(a, garbage), "refused: " + (garbage == null ? null : garbage.length()));
        }
        assertEquals(Optional.empty(), tokens.authenticate(null, token));
        assertEquals(Optional.empty(), tokens.authenticate("no-such-account", token));

        // the use is recorded, to the minute
        String lastUsed = admin(a).get(base(a) + "/tokens").then().statusCode(200).extract().jsonPath().getString("items[0].lastUsedAt");
        assertNotEquals(null, lastUsed);
        assertEquals(Optional.of(id), tokens.authenticate(a, token));
        assertEquals(lastUsed, admin(a).get(base(a) + "/tokens").then().extract().jsonPath().getString("items[0].lastUsedAt"),
                "not written again within the minute");

        // revoked: refused at once, and a second revocation is 404
        admin(a).delete(base(a) + "/tokens/" + id).then().statusCode(204);
        assertEquals(Optional.empty(), tokens.authenticate(a, token));
        admin(a).delete(base(a) + "/tokens/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("scim_token_not_found"));
        admin(a).delete(base(a) + "/tokens/not-a-token").then().statusCode(404).body("code", equalTo("scim_token_not_found"));
        admin(a).get(base(a) + "/tokens").then().statusCode(200).body("items.size()", equalTo(0));
        List<String> actions = admin(a).get("/v1/accounts/" + a + "/audit?limit=1000").then().extract().jsonPath().getList("items.action");
        assertEquals(1, actions.stream().filter("scim.token.revoke"::equals).count(), actions.toString());
    }

    @Test
    void twoTokensAtOnceAThirdIs409AndRevokingOneMakesRoom() {
        String a = Api.createAccount("scim-rot");
        long revision = revision(a);
        String first = create(a).getString("id");
        JsonPath second = create(a);
        assertNotEquals(first, second.getString("id"));
        admin(a).post(base(a) + "/tokens").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("scim_token_limit"))
                .body("detail", org.hamcrest.Matchers.containsString("revoke one"));
        admin(a).get(base(a) + "/tokens").then().body("items.id", equalTo(List.of(first, second.getString("id"))));
        admin(a).get(base(a)).then().body("activeTokens", equalTo(2));

        admin(a).delete(base(a) + "/tokens/" + first).then().statusCode(204);
        JsonPath third = create(a);
        assertEquals(Optional.of(second.getString("id")), tokens.authenticate(a, second.getString("token")), "rotation: the other keeps working");
        assertEquals(Optional.of(third.getString("id")), tokens.authenticate(a, third.getString("token")));
        assertEquals(revision, revision(a), "tokens are not model state: no revision");
    }

    @Test
    void settingsRoundTripThroughTheWritePath() {
        String a = Api.createAccount("scim-set");
        admin(a).get(base(a)).then().statusCode(200)
                .body("baseUrl", equalTo(publicBaseUrl.replaceAll("/$", "") + "/scim/v2/" + a))
                .body("groupRoles", equalTo(Map.of())).body("defaultRoles", equalTo(List.of()))
                .body("linkExistingUsers", equalTo(false)).body("activeTokens", equalTo(0));
        assertEquals(ScimSettings.NONE, settingsService.settings(a));

        long before = revision(a);
        Response put = admin(a).body(Map.of("groupRoles", Map.of("Analysts", List.of("analyst"), "Everyone/All", List.of("viewer", "viewer")),
                "defaultRoles", List.of("viewer"), "linkExistingUsers", true)).put(base(a));
        put.then().statusCode(201).body("groupRoles", equalTo(Map.of("Analysts", List.of("analyst"), "Everyone/All", List.of("viewer"))))
                .body("defaultRoles", equalTo(List.of("viewer"))).body("linkExistingUsers", equalTo(true));
        assertEquals(before + 1, Long.parseLong(put.header("Rolegate-Revision")));
        assertEquals(new ScimSettings(Map.of("Analysts", List.of("analyst"), "Everyone/All", List.of("viewer")), List.of("viewer"), true),
                settingsService.settings(a));

        // missing members are empty / false; a second PUT is an update
        Response update = admin(a).body(Map.of("defaultRoles", List.of("analyst"))).put(base(a));
        update.then().statusCode(200).body("groupRoles", equalTo(Map.of())).body("linkExistingUsers", equalTo(false));
        admin(a).get(base(a)).then().body("defaultRoles", equalTo(List.of("analyst"))).body("groupRoles", equalTo(Map.of()));

        List<String> actions = admin(a).get("/v1/accounts/" + a + "/audit?limit=1000").then().extract().jsonPath().getList("items.action");
        assertTrue(actions.containsAll(List.of("scim.settings.create", "scim.settings.update")), actions.toString());
        String feed = admin(a).get("/v1/accounts/" + a + "/changes?after=" + before).then().statusCode(200).extract().asString();
        assertTrue(feed.contains("\"kind\":\"scim_settings\"") && feed.contains("\"key\":\"directory:scim\""), feed);
    }

    @Test
    void badSettingsAreRefusedNamingThePointerAndNothingIsWritten() {
        String a = Api.createAccount("scim-bad");
        admin(a).body(Map.of("defaultRoles", List.of("viewer"))).put(base(a)).then().statusCode(201);
        long revision = revision(a);

        admin(a).body(Map.of("groupRoles", Map.of("Ops", List.of("viewer", "ghost")), "defaultRoles", List.of("phantom")))
                .put(base(a)).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("unknown_role"))
                .body("errors.pointer", equalTo(List.of("/groupRoles/Ops/1", "/defaultRoles/0")))
                .body("detail", org.hamcrest.Matchers.containsString("ghost"));
        admin(a).body(Map.of("groupRoles", Map.of("", List.of("viewer"), "x".repeat(257), List.of("viewer")))).put(base(a))
                .then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("errors.pointer", equalTo(List.of("/groupRoles/", "/groupRoles/" + "x".repeat(257))));
        Map<String, List<String>> many = IntStream.range(0, 1001).boxed()
                .collect(Collectors.toMap(i -> "g" + i, i -> List.of("viewer")));
        admin(a).body(Map.of("groupRoles", many)).put(base(a)).then().statusCode(400).body("errors[0].pointer", equalTo("/groupRoles"));
        admin(a).body("{\"defaultRoles\":[\"viewer\"],\"surprise\":1}").put(base(a)).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/surprise"));
        admin(a).body("{\"linkExistingUsers\":\"yes\"}").put(base(a)).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/linkExistingUsers"));
        admin(a).body("{\"defaultRoles\":[null]}").put(base(a)).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/defaultRoles/0"));

        assertEquals(revision, revision(a), "nothing written");
        assertEquals(new ScimSettings(Map.of(), List.of("viewer"), false), settingsService.settings(a));
    }

    @Test
    void onlyDirectoryAdminsMayAndOnlyWithRolesTheyHold() {
        String a = Api.createAccount("scim-authz");
        String root = "/v1/accounts/" + a;
        // the template's admin runs the account but holds no rbac.directory.write
        admin(a).body(Map.of()).put(root + "/users/adam").then().statusCode(201);
        admin(a).body(Map.of()).put(root + "/users/adam/roles/admin").then().statusCode(201);
        String adam = Tokens.admin(a, "adam");
        for (Response r : List.of(as(adam).get(base(a)), as(adam).body(Map.of()).put(base(a)), as(adam).post(base(a) + "/tokens"),
                as(adam).get(base(a) + "/tokens"), as(adam).delete(base(a) + "/tokens/abcdefghijkl"))) {
            r.then().statusCode(403).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("rbac.directory.write"));
        }
        as(Tokens.check(a)).get(base(a)).then().statusCode(403);

        // a directory admin who holds rbac.directory.write and viewer's permissions, not analyst's
        admin(a).body(Map.of("permissions", List.of("rbac.directory.write"), "inherits", List.of("viewer")))
                .put(root + "/roles/dir-admin").then().statusCode(201);
        admin(a).body(Map.of()).put(root + "/users/dana").then().statusCode(201);
        admin(a).body(Map.of()).put(root + "/users/dana/roles/dir-admin").then().statusCode(201);
        String dana = Tokens.admin(a, "dana");
        long revision = revision(a);
        as(dana).body(Map.of("groupRoles", Map.of("Analysts", List.of("analyst")))).put(base(a)).then().statusCode(403)
                .body("code", equalTo("forbidden")).body("reason", equalTo("exceeds_caller"))
                .body("detail", org.hamcrest.Matchers.containsString("report.edit"));
        as(dana).body(Map.of("defaultRoles", List.of("analyst"))).put(base(a)).then().statusCode(403)
                .body("reason", equalTo("exceeds_caller"));
        assertEquals(revision, revision(a), "nothing written");
        as(dana).body(Map.of("groupRoles", Map.of("Readers", List.of("viewer")))).put(base(a)).then().statusCode(201);
        as(dana).post(base(a) + "/tokens").then().statusCode(201);

        // taking a role away needs it held too: the owner maps analyst, dana may not remove it
        admin(a).body(Map.of("groupRoles", Map.of("Readers", List.of("viewer"), "Analysts", List.of("analyst")))).put(base(a))
                .then().statusCode(200);
        as(dana).body(Map.of("groupRoles", Map.of("Readers", List.of("viewer")))).put(base(a)).then().statusCode(403)
                .body("reason", equalTo("exceeds_caller"));
    }

    private static long revision(String account) {
        return admin(account).get("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath().getLong("revision");
    }
}
