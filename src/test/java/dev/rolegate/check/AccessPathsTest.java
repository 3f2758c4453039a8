package dev.rolegate.check;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3, through HTTP: {@code GET .../users/{user}/access} lists every path that brings
 * each permission, so a permission granted both directly and through a group shows both, and
 * removing one leaves the other.
 */
@QuarkusTest
class AccessPathsTest {

    private static List<String> steps(JsonPath json, String permission, int path) {
        return json.getList("permissions.find { it.name == '" + permission + "' }.paths[" + path + "].collect { it.kind + ':' + it.name }");
    }

    private static JsonPath access(String owner, String base, String user) {
        return as(owner).get(base + "/users/" + user + "/access").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPermissionGrantedDirectlyAndThroughAGroupShowsBothAndRemovingOneLeavesTheOther() {
        String a = Api.createAccount("paths");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/pm").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/pm/members/bob").then().statusCode(201);
        as(owner).body(Map.of("expiresAt", "2099-01-01T00:00:00Z")).put(base + "/users/bob/roles/analyst").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/pm/roles/viewer").then().statusCode(201);

        JsonPath json = access(owner, base, "bob");
        assertTrue(json.getLong("revision") > 0);
        // report.view: analyst inherits viewer (direct), and pm's viewer (group)
        assertEquals(List.of("user:bob", "role:analyst", "inherited_role:viewer", "permission:report.view"), steps(json, "report.view", 0));
        assertEquals(List.of("user:bob", "group:pm", "role:viewer", "permission:report.view"), steps(json, "report.view", 1));
        assertEquals(2, json.getList("permissions.find { it.name == 'report.view' }.paths").size());
        assertEquals("manual", json.getString("permissions.find { it.name == 'report.view' }.paths[0][1].source"));
        assertEquals("2099-01-01T00:00:00Z", json.getString("permissions.find { it.name == 'report.view' }.paths[0][1].expiresAt"));
        assertEquals(null, json.getString("permissions.find { it.name == 'report.view' }.paths[1][2].expiresAt"));
        // report.edit comes one way only
        assertEquals(List.of(List.of("user:bob", "role:analyst", "permission:report.edit")),
                List.of(steps(json, "report.edit", 0)));
        // the same permissions and operations as "what may this user do"
        JsonPath effective = as(owner).get(base + "/users/bob/permissions").then().statusCode(200).extract().jsonPath();
        assertEquals(effective.getList("permissions"), json.getList("permissions.name"));
        assertEquals(effective.getList("operations"), json.getList("operations"));

        // removing the direct assignment leaves the group's path to report.view
        long revision = Long.parseLong(as(owner).delete(base + "/users/bob/roles/analyst").then().statusCode(204)
                .extract().header("Rolegate-Revision"));
        json = as(owner).get(base + "/users/bob/access?atLeastRevision=" + revision).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("user:bob", "group:pm", "role:viewer", "permission:report.view"), steps(json, "report.view", 0));
        assertEquals(1, json.getList("permissions.find { it.name == 'report.view' }.paths").size());
        assertFalse(json.getList("permissions.name").contains("report.edit"));

        // and the other way round: back directly, out of the group
        as(owner).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        revision = Long.parseLong(as(owner).delete(base + "/groups/pm/members/bob").then().statusCode(204)
                .extract().header("Rolegate-Revision"));
        json = as(owner).get(base + "/users/bob/access?atLeastRevision=" + revision).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(List.of("user:bob", "role:viewer", "permission:report.view")), List.of(steps(json, "report.view", 0)));
        assertEquals(1, json.getList("permissions.find { it.name == 'report.view' }.paths").size());
    }

    @Test
    void unknownUsersAndBadIdsAreProblems() {
        String a = Api.createAccount("paths-404");
        String base = "/v1/accounts/" + a;
        as(Tokens.admin(a)).get(base + "/users/nobody/access").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("user_not_found"));
        as(Tokens.admin(a)).get(base + "/users/bob/access?atLeastRevision=-1").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("#atLeastRevision"));
        // a check token is not an admin
        as(Tokens.check(a)).get(base + "/users/" + Tokens.adminSubject(a) + "/access").then().statusCode(403);
    }

    @Test
    void aDeniedCheckWithExplainSaysWhy() {
        String a = Api.createAccount("why-not");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        String check = Tokens.check(a);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        as(owner).body(Map.of("status", "disabled")).put(base + "/users/dora").then().statusCode(201);

        // missing permissions: which, and who carries them
        as(check).body(Map.of("subject", "bob", "operation", "report.share_to_slack", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("missing_permission"))
                .body("missing", equalTo(List.of("integrations.use", "report.share")))
                .body("explain", equalTo(List.of()))
                .body("why.reason", equalTo("missing_permission"))
                .body("why.subject.status", equalTo("active"))
                .body("why.missing.permission", equalTo(List.of("integrations.use", "report.share")))
                .body("why.missing[0].grantedBy", equalTo(List.of("admin", "owner")))
                .body("why.missing[1].grantedBy", equalTo(List.of("admin", "analyst", "owner")))
                .body("why.detail", equalTo("User 'bob' lacks integrations.use, which role(s) admin, owner carry; and report.share,"
                        + " which role(s) admin, analyst, owner carry for operation 'report.share_to_slack'."));
        // the subject's status
        as(check).body(Map.of("subject", "dora", "operation", "report.open", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("reason", equalTo("subject_disabled")).body("why.subject.status", equalTo("disabled"))
                .body("why.subject.id", equalTo("dora"));
        as(check).body(Map.of("subject", "ghost", "operation", "report.open", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("reason", equalTo("unknown_subject")).body("why.subject.status", equalTo("unknown"));
        // unknown names
        as(check).body(Map.of("subject", "bob", "operation", "report.opne", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("reason", equalTo("unknown_operation"))
                .body("why.unknown.kind", equalTo("operation")).body("why.unknown.name", equalTo("report.opne"));
        as(check).body(Map.of("subject", "bob", "permission", "report.viwe", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("reason", equalTo("unknown_permission"))
                .body("why.unknown.kind", equalTo("permission")).body("why.unknown.name", equalTo("report.viwe"));
        // an allowed explain keeps its shape: paths, no why
        as(check).body(Map.of("subject", "bob", "operation", "report.open", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(true)).body("why", equalTo(null))
                .body("explain[0].kind", equalTo(List.of("user", "role", "permission", "operation")));
        // without explain, no why
        as(check).body(Map.of("subject", "bob", "operation", "report.share_to_slack")).post(base + "/check").then()
                .statusCode(200).body("why", equalTo(null));
        // in a batch too
        as(check).body(Map.of("checks", List.of(Map.of("subject", "dora", "operation", "report.open", "explain", true))))
                .post(base + "/check/batch").then().statusCode(200).body("results[0].why.subject.status", equalTo("disabled"));
    }

    @Test
    void aLapsedAssignmentIsNamedInTheDenial() {
        String a = Api.createAccount("why-lapsed");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        as(owner).body(Map.of("validFrom", "2099-01-01T00:00:00Z")).put(base + "/users/bob/roles/analyst").then().statusCode(201);
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "report.rename", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("why.missing[0].permission", equalTo("report.edit"))
                .body("why.missing[0].notInForce[0].name", equalTo(List.of("bob", "analyst", "report.edit")))
                .body("why.missing[0].notInForce[0][1].validFrom", equalTo("2099-01-01T00:00:00Z"));
    }
}
