package dev.rolegate.preview;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 6: the impact preview ({@code POST .../changes/preview}) and the
 * {@code Rolegate-Expect} header of every admin write, through HTTP on the real PostgreSQL.
 */
@QuarkusTest
class PreviewApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @jakarta.inject.Inject
    dev.rolegate.check.SnapshotCache snapshots;

    private static Map<String, Object> change(String op, String path, Object body) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("op", op);
        c.put("path", path);
        if (body != null) {
            c.put("body", body);
        }
        return c;
    }

    private static Response preview(String account, List<Map<String, Object>> changes) {
        return admin(account).body(Map.of("changes", changes)).post("/v1/accounts/" + account + "/changes/preview");
    }

    private static long revision(String account) {
        return admin(account).get("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath().getLong("revision");
    }

    /** A small account: alice analyst, bob viewer through group pm, carol nothing. */
    private static String smallAccount() {
        String a = Api.createAccount("preview");
        String base = "/v1/accounts/" + a;
        for (String u : List.of("alice", "bob", "carol")) {
            admin(a).body(Map.of()).put(base + "/users/" + u).then().statusCode(201);
        }
        admin(a).body(Map.of()).put(base + "/groups/pm").then().statusCode(201);
        admin(a).put(base + "/groups/pm/members/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice/roles/analyst").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/groups/pm/roles/viewer").then().statusCode(201);
        return a;
    }

    @Test
    void aRoleChangeShowsWhoGainsAndWhoLosesWhatAndWritesNothing() {
        String a = smallAccount();
        String base = "/v1/accounts/" + a;
        long before = revision(a);
        String viewerBefore = admin(a).get(base + "/roles/viewer").then().statusCode(200).extract().asString();
        long feedHead = as(Tokens.check(a)).get(base + "/changes").then().statusCode(200).extract().jsonPath().getLong("head");

        // viewer drops definitions.view and gains billing.view
        preview(a, List.of(change("put", "/roles/viewer",
                Map.of("permissions", List.of("report.view", "dashboard.view", "billing.view")))))
                .then().statusCode(200)
                .body("revision", equalTo((int) before))
                .body("affectedUsers", equalTo(2))
                .body("nextPage", equalTo(null))
                .body("users.id", equalTo(List.of("alice", "bob")))
                .body("users[0].gained.permissions", equalTo(List.of("billing.view")))
                .body("users[0].gained.operations", equalTo(List.of("billing.view_invoices", "billing.view_plan")))
                .body("users[0].lost.permissions", equalTo(List.of("definitions.view")))
                .body("users[0].lost.operations", equalTo(List.of("definition.list", "definition.open")))
                .body("users[1].gained.permissions", equalTo(List.of("billing.view")))
                .body("users[1].lost.permissions", equalTo(List.of("definitions.view")));

        assertEquals(before, revision(a));
        // nobody was told of a revision: the replica's cache knows of none newer than the database's
        assertEquals(before, snapshots.latestKnown(a));
        assertEquals(viewerBefore, admin(a).get(base + "/roles/viewer").then().statusCode(200).extract().asString());
        assertEquals(feedHead, as(Tokens.check(a)).get(base + "/changes").then().statusCode(200).extract().jsonPath().getLong("head"));
        as(Tokens.check(a)).get(base + "/users/bob/permissions?atLeastRevision=" + before).then().statusCode(200)
                .body("permissions", equalTo(List.of("dashboard.view", "definitions.view", "report.view")));
    }

    @Test
    void theUsersComeInPagesByUserId() {
        String a = smallAccount();
        List<Map<String, Object>> deleteViewer = List.of(change("delete", "/roles/viewer?cascade=true", null));
        admin(a).body(Map.of("changes", deleteViewer)).post("/v1/accounts/" + a + "/changes/preview?limit=1")
                .then().statusCode(200).body("affectedUsers", equalTo(2)).body("users.id", equalTo(List.of("alice")))
                .body("nextPage", equalTo("alice"));
        admin(a).body(Map.of("changes", deleteViewer)).post("/v1/accounts/" + a + "/changes/preview?limit=1&after=alice")
                .then().statusCode(200).body("users.id", equalTo(List.of("bob"))).body("nextPage", equalTo(null));
    }

    @Test
    void aRefusedChangeGetsTheEndpointsProblemNamingItsIndex() {
        String a = smallAccount();
        String base = "/v1/accounts/" + a;
        // the real endpoint's answer to the same write
        Response direct = admin(a).body(Map.of()).put(base + "/users/carol/roles/no-such-role");
        direct.then().statusCode(404);
        String code = direct.jsonPath().getString("code");

        preview(a, List.of(change("put", "/users/dave", Map.of()), change("put", "/users/carol/roles/no-such-role", Map.of())))
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo(code)).body("change", equalTo(1)).body("detail", startsWith("Change 1: "));

        preview(a, List.of(change("delete", "/roles/viewer", null)))
                .then().statusCode(409).body("code", equalTo("role_in_use")).body("change", equalTo(0));
        preview(a, List.of(change("put", "/roles/viewer", Map.of("permissions", List.of("no.such")))))
                .then().statusCode(422).body("code", equalTo("unknown_permission"));
        preview(a, List.of(change("put", "/roles/x", Map.of("permissions", List.of("Bad Name")))))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/changes/0/body/permissions/0"));
        preview(a, List.of(change("put", "/roles/x", Map.of("colour", "red"))))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/changes/0/body/colour"));
        preview(a, List.of(change("patch", "/roles/x", null)))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/changes/0/op"));
        preview(a, List.of(change("put", "/widgets/x", Map.of())))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/changes/0/path"));
        preview(a, List.of()).then().statusCode(400).body("code", equalTo("invalid_request"));
        // the last owner cannot lose the owner role, in a preview as in a write
        preview(a, List.of(change("delete", "/users/" + Tokens.adminSubject(a) + "/roles/owner", null)))
                .then().statusCode(409);
    }

    @Test
    void aWriteThatBreaksItsExpectationIsRefusedWithThePreview() {
        String a = smallAccount();
        String base = "/v1/accounts/" + a;
        long before = revision(a);
        Map<String, Object> widerViewer = Map.of("permissions", List.of("report.view", "dashboard.view", "definitions.view", "billing.view"));

        admin(a).header("Rolegate-Expect", "no-new-access").body(widerViewer).put(base + "/roles/viewer")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("expectation_failed"))
                .body("preview.revision", equalTo((int) before))
                .body("preview.affectedUsers", equalTo(2))
                .body("preview.users.id", equalTo(List.of("alice", "bob")))
                .body("preview.users[1].gained.permissions", equalTo(List.of("billing.view")));
        assertEquals(before, revision(a));
        admin(a).get(base + "/roles/viewer").then().body("permissions", equalTo(List.of("dashboard.view", "definitions.view", "report.view")));

        admin(a).header("Rolegate-Expect", "max-affected-users=1").body(widerViewer).put(base + "/roles/viewer")
                .then().statusCode(409).body("code", equalTo("expectation_failed"));
        admin(a).header("Rolegate-Expect", "max-affected-users=2").body(widerViewer).put(base + "/roles/viewer")
                .then().statusCode(200);
        // taking away is no new access
        admin(a).header("Rolegate-Expect", "no-new-access").delete(base + "/groups/pm/members/bob").then().statusCode(204);
        admin(a).header("Rolegate-Expect", "no-new-access").body(Map.of()).put(base + "/users/carol/roles/viewer")
                .then().statusCode(409).body("preview.users.id", equalTo(List.of("carol")));
        admin(a).header("Rolegate-Expect", "max-affected-users=0").body(Map.of("displayName", "Carol")).put(base + "/users/carol")
                .then().statusCode(200);
        admin(a).header("Rolegate-Expect", "some-new-access").body(Map.of()).put(base + "/users/carol")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    // ------------------------------------------------------------------ the property

    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4", "u5");
    private static final List<String> GROUPS = List.of("g0", "g1", "g2");
    private static final List<String> ROLES = List.of("admin", "analyst", "viewer", "r0", "r1", "r2");
    private static final List<String> PERMISSIONS = List.of("report.view", "report.edit", "report.share", "dashboard.view",
            "dashboard.edit", "definitions.view", "billing.view", "data.export", "integrations.use", "p.custom", "report.*");

    private static <T> T any(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<String> some(Random random, List<String> from, int max) {
        TreeSet<String> out = new TreeSet<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(any(random, from));
        }
        return new ArrayList<>(out);
    }

    private static Map<String, Object> randomChange(Random random) {
        String user = any(random, USERS);
        String group = any(random, GROUPS);
        String role = any(random, ROLES);
        return switch (random.nextInt(14)) {
            case 0, 1 -> change("put", "/roles/" + role, Map.of("permissions", some(random, PERMISSIONS, 3),
                    "inherits", some(random, List.of("viewer", "r0", "r1"), 1)));
            case 2 -> change("delete", "/roles/" + role + "?cascade=true", null);
            case 3 -> change("put", "/users/" + user, Map.of("status", random.nextBoolean() ? "active" : "disabled"));
            case 4 -> change("delete", "/users/" + user, null);
            case 5 -> change("put", "/groups/" + group, Map.of());
            case 6 -> change("delete", "/groups/" + group, null);
            case 7 -> change("put", "/groups/" + group + "/members/" + user, null);
            case 8 -> change("delete", "/groups/" + group + "/members/" + user, null);
            case 9, 10 -> change("put", "/users/" + user + "/roles/" + role, Map.of());
            case 11 -> change("delete", "/users/" + user + "/roles/" + role, null);
            case 12 -> change("put", "/groups/" + group + "/roles/" + role, Map.of());
            default -> change("put", "/permissions/p.custom", Map.of("operations", some(random, List.of("x.a", "x.b", "report.open"), 2)));
        };
    }

    /** The admin API call a preview item names. */
    private static Response apply(String account, Map<String, Object> change) {
        var request = admin(account);
        if (change.containsKey("body")) {
            request = request.body(change.get("body"));
        }
        String url = "/v1/accounts/" + account + change.get("path");
        return change.get("op").equals("put") ? request.put(url) : request.delete(url);
    }

    private static Map<String, JsonNode> effective(String account, List<String> users, long revision) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String u : users) {
            Response r = as(Tokens.check(account)).get("/v1/accounts/" + account + "/users/" + u + "/permissions?atLeastRevision=" + revision);
            // a user that does not exist (any more) holds nothing
            out.put(u, JSON.readTree(r.statusCode() == 404 ? "{\"permissions\":[],\"operations\":[]}" : r.then().statusCode(200).extract().asString()));
        }
        return out;
    }

    private static List<String> minus(JsonNode a, JsonNode b) {
        TreeSet<String> out = new TreeSet<>();
        a.forEach(n -> out.add(n.asText()));
        b.forEach(n -> out.remove(n.asText()));
        return new ArrayList<>(out);
    }

    @Test
    void onRandomAccountsAndChangeListsThePreviewIsExactlyWhatApplyingTheChangesDoes() throws Exception {
        Random random = new Random(13_6);
        int previewed = 0;
        int refused = 0;
        for (int round = 0; round < 12; round++) {
            String a = Api.createAccount("preview-prop");
            String base = "/v1/accounts/" + a;
            admin(a).body(Map.of("operations", List.of("x.a"))).put(base + "/permissions/p.custom").then().statusCode(201);
            for (String r : List.of("r0", "r1", "r2")) {
                admin(a).body(Map.of("permissions", some(random, PERMISSIONS, 3))).put(base + "/roles/" + r).then().statusCode(201);
            }
            for (String u : USERS) {
                admin(a).body(Map.of()).put(base + "/users/" + u).then().statusCode(201);
            }
            for (String g : GROUPS) {
                admin(a).body(Map.of()).put(base + "/groups/" + g).then().statusCode(201);
                for (String u : some(random, USERS, 3)) {
                    admin(a).put(base + "/groups/" + g + "/members/" + u).then().statusCode(201);
                }
                admin(a).body(Map.of()).put(base + "/groups/" + g + "/roles/" + any(random, ROLES)).then().statusCode(201);
            }
            for (String u : USERS) {
                if (random.nextBoolean()) {
                    admin(a).body(Map.of()).put(base + "/users/" + u + "/roles/" + any(random, ROLES)).then().statusCode(201);
                }
            }
            List<Map<String, Object>> changes = new ArrayList<>();
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                changes.add(randomChange(random));
            }
            List<String> everyone = new ArrayList<>(USERS);
            everyone.add(Tokens.adminSubject(a));
            long start = revision(a);
            Map<String, JsonNode> was = effective(a, everyone, start);

            Response preview = admin(a).body(Map.of("changes", changes)).post(base + "/changes/preview?limit=1000");
            if (preview.statusCode() != 200) {
                // refused: applying them one by one is refused at the same change, with the same problem
                int at = preview.jsonPath().getInt("change");
                for (int i = 0; i < at; i++) {
                    int status = apply(a, changes.get(i)).statusCode();
                    assertTrue(status / 100 == 2, "change " + i + " of " + changes + " gave " + status);
                }
                Response direct = apply(a, changes.get(at));
                assertEquals(preview.statusCode(), direct.statusCode(), changes + ": " + preview.asString() + " vs " + direct.asString());
                assertEquals(preview.jsonPath().getString("code"), direct.jsonPath().getString("code"));
                refused++;
                continue;
            }
            for (Map<String, Object> c : changes) {
                Response r = apply(a, c);
                assertTrue(r.statusCode() / 100 == 2, c + " of " + changes + " gave " + r.statusCode() + " " + r.asString());
            }
            long end = revision(a);
            Map<String, JsonNode> is = effective(a, everyone, end);
            Map<String, Object> expected = new TreeMap<>();
            for (String u : everyone) {
                List<String> gainedP = minus(is.get(u).get("permissions"), was.get(u).get("permissions"));
                List<String> gainedO = minus(is.get(u).get("operations"), was.get(u).get("operations"));
                List<String> lostP = minus(was.get(u).get("permissions"), is.get(u).get("permissions"));
                List<String> lostO = minus(was.get(u).get("operations"), is.get(u).get("operations"));
                if (!gainedP.isEmpty() || !gainedO.isEmpty() || !lostP.isEmpty() || !lostO.isEmpty()) {
                    expected.put(u, List.of(gainedP, gainedO, lostP, lostO));
                }
            }
            JsonNode body = JSON.readTree(preview.asString());
            Map<String, Object> actual = new TreeMap<>();
            for (JsonNode user : body.get("users")) {
                actual.put(user.get("id").asText(), List.of(texts(user.at("/gained/permissions")), texts(user.at("/gained/operations")),
                        texts(user.at("/lost/permissions")), texts(user.at("/lost/operations"))));
            }
            assertEquals(expected, actual, "changes " + changes);
            assertEquals(expected.size(), body.get("affectedUsers").asInt());
            assertEquals(start, body.get("revision").asLong());
            previewed++;
        }
        assertTrue(previewed >= 6 && refused >= 1, previewed + " previewed, " + refused + " refused");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
