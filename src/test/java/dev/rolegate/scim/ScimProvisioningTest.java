package dev.rolegate.scim;

import static dev.rolegate.scim.Scim.as;
import static dev.rolegate.scim.Scim.base;
import static dev.rolegate.scim.Scim.op;
import static dev.rolegate.scim.Scim.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a real IdP relies on: access cut at the deactivation's revision, roles by source, one revision per request, clean refusals. */
@QuarkusTest
class ScimProvisioningTest {

    @Test
    void deactivationDeniesFromItsRevisionAndReactivationRestoresExactlyTheRoles() {
        String account = Api.createAccount("scim-active");
        String token = Scim.token(account);
        Scim.settings(account, Map.of("defaultRoles", List.of("viewer")));
        String id = as(token).body(Scim.user("dana@x.test", "Dana", "X")).post(base(account) + "/Users").then().statusCode(201)
                .extract().path("id");
        // an admin also grants analyst by hand
        Api.admin(account).body(Map.of()).put("/v1/accounts/" + account + "/users/dana@x.test/roles/analyst").then()
                .statusCode(201);
        assertTrue(allowed(account, "dana@x.test", "report.rename", 0));

        Response off = as(token).body(patch(List.of(op("replace", "active", false)))).patch(base(account) + "/Users/" + id);
        off.then().statusCode(200).body("active", equalTo(false));
        long revision = Long.parseLong(off.header("Rolegate-Revision"));
        assertFalse(allowed(account, "dana@x.test", "report.rename", revision));
        assertFalse(allowed(account, "dana@x.test", "report.open", revision));
        as(token).get(base(account) + "/Users/" + id).then().statusCode(200).body("active", equalTo(false));

        Response on = as(token).body(patch(List.of(op("replace", "active", true)))).patch(base(account) + "/Users/" + id);
        long back = Long.parseLong(on.header("Rolegate-Revision"));
        assertTrue(allowed(account, "dana@x.test", "report.rename", back));
        assertEquals(List.of("analyst/manual", "viewer/scim"), roles(account, "dana@x.test"));
    }

    @Test
    void groupPushBringsRolesAndManualRolesSurviveEverySourceChange() {
        String account = Api.createAccount("scim-groups");
        String token = Scim.token(account);
        Scim.settings(account, Map.of("groupRoles", Map.of("Analysts", List.of("analyst"))));
        String eve = as(token).body(Scim.user("eve@x.test", "Eve", "X")).post(base(account) + "/Users").then().statusCode(201)
                .extract().path("id");
        Api.admin(account).body(Map.of()).put("/v1/accounts/" + account + "/users/eve@x.test/roles/viewer").then().statusCode(201);
        assertFalse(allowed(account, "eve@x.test", "report.rename", 0));

        Response pushed = as(token).body(Map.of("schemas", List.of(Scim.GROUP), "displayName", "Analysts",
                "members", List.of(Map.of("value", eve)))).post(base(account) + "/Groups");
        pushed.then().statusCode(201).body("members[0].value", equalTo(eve)).body("members[0].display", equalTo("eve@x.test"));
        String group = pushed.path("id");
        assertTrue(allowed(account, "eve@x.test", "report.rename", Long.parseLong(pushed.header("Rolegate-Revision"))));
        Api.admin(account).get("/v1/accounts/" + account + "/groups/analysts/roles").then().statusCode(200)
                .body("items[0].id", equalTo("analyst")).body("items[0].source", equalTo("scim"));

        Response left = as(token).body(patch(List.of(op("remove", "members[value eq \"" + eve + "\"]", null))))
                .patch(base(account) + "/Groups/" + group);
        left.then().statusCode(204);
        assertFalse(allowed(account, "eve@x.test", "report.rename", Long.parseLong(left.header("Rolegate-Revision"))));
        assertTrue(allowed(account, "eve@x.test", "report.open", 0), "the admin's viewer stays");

        Response deleted = as(token).delete(base(account) + "/Users/" + eve);
        deleted.then().statusCode(204);
        Api.admin(account).get("/v1/accounts/" + account + "/users/eve@x.test").then().statusCode(404);
    }

    @Test
    void renameKeepsTheScimIdAndMovesTheRoles() {
        String account = Api.createAccount("scim-rename");
        String token = Scim.token(account);
        Scim.settings(account, Map.of("defaultRoles", List.of("viewer")));
        String id = as(token).body(Scim.user("old@x.test", "Fay", "X")).post(base(account) + "/Users").then().statusCode(201)
                .extract().path("id");
        Response renamed = as(token).body(patch(List.of(op("replace", "userName", "new@x.test")))).patch(base(account) + "/Users/" + id);
        renamed.then().statusCode(200).body("id", equalTo(id)).body("userName", equalTo("new@x.test"));
        Api.admin(account).get("/v1/accounts/" + account + "/users/old@x.test").then().statusCode(404);
        assertEquals(List.of("viewer/scim"), roles(account, "new@x.test"));
        assertTrue(allowed(account, "new@x.test", "report.open", Long.parseLong(renamed.header("Rolegate-Revision"))));
    }

    @Test
    void aUserNameOfAnotherSourceIsRefusedUnlessLinkingIsOn() {
        String account = Api.createAccount("scim-link");
        String token = Scim.token(account);
        Api.admin(account).body(Map.of("email", "gus@x.test")).put("/v1/accounts/" + account + "/users/gus@x.test").then().statusCode(201);
        as(token).body(Scim.user("GUS@x.test", "Gus", "X")).post(base(account) + "/Users").then().statusCode(409)
                .body("scimType", equalTo("uniqueness"));
        Scim.settings(account, Map.of("linkExistingUsers", true));
        String id = as(token).body(Scim.user("gus@x.test", "Gus", "X")).post(base(account) + "/Users").then().statusCode(201)
                .extract().path("id");
        as(token).body(patch(List.of(op("replace", "active", false)))).patch(base(account) + "/Users/" + id).then().statusCode(200);
        Api.admin(account).get("/v1/accounts/" + account + "/users/gus@x.test").then().statusCode(200)
                .body("source", equalTo("local")).body("status", equalTo("disabled"));
        // unlinking (DELETE) leaves the local user in place
        as(token).delete(base(account) + "/Users/" + id).then().statusCode(204);
        Api.admin(account).get("/v1/accounts/" + account + "/users/gus@x.test").then().statusCode(200);
        as(token).get(base(account) + "/Users/" + id).then().statusCode(404);
    }

    @Test
    void tenThousandMembersInOnePatchAreOneRevision() {
        String account = Api.createAccount("scim-bulk");
        String token = Scim.token(account);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(as(token).body(Scim.user("u" + i + "@bulk.test", "U", "" + i)).post(base(account) + "/Users").then()
                    .statusCode(201).extract().path("id"));
        }
        String group = as(token).body(Map.of("schemas", List.of(Scim.GROUP), "displayName", "All"))
                .post(base(account) + "/Groups").then().statusCode(201).extract().path("id");
        long before = revision(account);
        List<Map<String, Object>> members = new ArrayList<>();
        ids.forEach(i -> members.add(Map.of("value", i)));
        Response added = as(token).body(patch(List.of(op("add", "members", members)))).patch(base(account) + "/Groups/" + group);
        added.then().statusCode(204);
        assertEquals(before + 1, Long.parseLong(added.header("Rolegate-Revision")));
        assertEquals(before + 1, revision(account));
        as(token).get(base(account) + "/Groups/" + group).then().body("members.size()", equalTo(200));
        // one unknown member among them: refused whole, nothing written
        members.add(Map.of("value", "no-such-user"));
        as(token).body(patch(List.of(op("remove", "members", null), op("add", "members", members))))
                .patch(base(account) + "/Groups/" + group).then().statusCode(400).body("scimType", equalTo("invalidValue"));
        as(token).get(base(account) + "/Groups/" + group).then().body("members.size()", equalTo(200));
        assertEquals(before + 1, revision(account));
    }

    @Test
    void refusalsAreScimErrorsAndWriteNothing() {
        String account = Api.createAccount("scim-bad");
        String token = Scim.token(account);
        long before = revision(account);
        as(token).body("{\"schemas\": [").post(base(account) + "/Users").then().statusCode(400)
                .body("schemas", hasItem(Scim.ERROR)).body("status", equalTo("400")).body("scimType", equalTo("invalidSyntax"));
        as(token).body(Map.of("schemas", List.of("urn:example:unknown"), "userName", "x@x.test")).post(base(account) + "/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        as(token).queryParam("filter", "userName eq").get(base(account) + "/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
        as(token).queryParam("filter", "title eq \"x\"").get(base(account) + "/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
        as(token).body(Map.of("schemas", List.of(Scim.USER), "userName", "has space@x.test")).post(base(account) + "/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
        as(token).body(patch(List.of(op("frobnicate", "active", false)))).patch(base(account) + "/Users/nope").then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
        assertEquals(before, revision(account));
        as(token).get(base(account) + "/Users").then().body("totalResults", equalTo(0));
    }

    @Test
    void tokensRotateAndRevokeAtOnceAndNeverCrossAccounts() {
        String a = Api.createAccount("scim-tok-a");
        String b = Api.createAccount("scim-tok-b");
        String first = Scim.token(a);
        String second = Scim.token(a);
        as(first).get(base(a) + "/Users").then().statusCode(200);
        as(second).get(base(a) + "/Users").then().statusCode(200);
        as(first).get(base(b) + "/Users").then().statusCode(401).body("status", equalTo("401"));
        String firstId = Api.admin(a).get("/v1/accounts/" + a + "/scim/tokens").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class).stream().filter(first::contains).findFirst().orElseThrow();
        Api.admin(a).delete("/v1/accounts/" + a + "/scim/tokens/" + firstId).then().statusCode(204);
        as(first).get(base(a) + "/Users").then().statusCode(401);
        as(second).get(base(a) + "/Users").then().statusCode(200);
        // a check token or an admin JWT is no SCIM token
        as(Tokens.admin(a)).get(base(a) + "/Users").then().statusCode(401);
    }

    @Test
    void discoveryDescribesWhatIsKept() {
        String account = Api.createAccount("scim-disco");
        String token = Scim.token(account);
        as(token).get(base(account) + "/ServiceProviderConfig").then().statusCode(200).body("patch.supported", equalTo(true))
                .body("bulk.supported", equalTo(false)).body("filter.maxResults", equalTo(1000));
        as(token).get(base(account) + "/ResourceTypes").then().statusCode(200).body("totalResults", equalTo(2))
                .body("Resources.name", equalTo(List.of("User", "Group")));
        as(token).get(base(account) + "/Schemas").then().statusCode(200)
                .body("Resources.find { it.id == '" + Scim.ENTERPRISE + "' }.attributes.name",
                        org.hamcrest.Matchers.containsInAnyOrder("employeeNumber", "department", "manager"));
    }

    static boolean allowed(String account, String subject, String operation, long atLeast) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("subject", subject, "operation", operation));
        if (atLeast > 0) {
            body.put("atLeastRevision", atLeast);
        }
        return Api.as(Tokens.check(account)).body(body).post("/v1/accounts/" + account + "/check").then().statusCode(200)
                .extract().path("allowed");
    }

    static List<String> roles(String account, String user) {
        return Api.admin(account).get("/v1/accounts/" + account + "/users/" + user + "/roles").then().statusCode(200).extract()
                .jsonPath().getList("items", Map.class).stream().map(m -> m.get("id") + "/" + m.get("source")).sorted().toList();
    }

    static long revision(String account) {
        return Api.admin(account).get("/v1/accounts/" + account).then().statusCode(200).extract().jsonPath().getLong("revision");
    }
}
