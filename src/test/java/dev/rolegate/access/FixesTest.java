package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 4, through HTTP: {@code GET .../users/{user}/fixes?operation=} lists the smallest
 * sets of role assignments the calling admin may make that would allow the operation, and
 * applying one flips the check.
 */
@QuarkusTest
class FixesTest {

    @Test
    void theSmallestAssignableSetsAreListedAndApplyingOneAllows() {
        String a = Api.createAccount("fixes");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        // a lead holds report.* and may assign what it holds
        as(owner).body(Map.of("permissions", List.of("rbac.users.read", "rbac.assignments.write", "report.*")))
                .put(base + "/roles/lead").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("report.share"))).put(base + "/roles/sharer").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("integrations.use"))).put(base + "/roles/slacker").then().statusCode(201);
        for (String user : List.of("lea", "bob")) {
            as(owner).body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
        }
        as(owner).body(Map.of()).put(base + "/users/lea/roles/lead").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        String lea = Tokens.admin(a, "lea");

        // the owner may assign anything: every role that brings report.edit alone
        JsonPath all = as(owner).get(base + "/users/bob/fixes?operation=report.rename").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(List.of("admin"), List.of("analyst"), List.of("lead"), List.of("owner")), all.getList("fixes.roles"));
        assertEquals(List.of("report.edit"), all.getList("missing"));
        assertEquals("missing_permission", all.getString("reason"));
        assertEquals(false, all.getBoolean("allowed"));
        assertEquals(true, all.getBoolean("complete"));
        assertEquals(3, all.getInt("maxRoles"));

        // lea holds report.* (and rbac) only: analyst and admin carry what she lacks; lead and sharer she may give
        JsonPath mine = as(lea).get(base + "/users/bob/fixes?operation=report.share_link").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(List.of("lead"), List.of("sharer")), mine.getList("fixes.roles"));
        assertEquals(List.of("report.share"), mine.getList("fixes[1].adds"));
        // share_to_slack needs integrations.use too, which lea does not hold: nothing she may do fixes it
        as(lea).get(base + "/users/bob/fixes?operation=report.share_to_slack").then().statusCode(200)
                .body("fixes", equalTo(List.of())).body("missing", equalTo(List.of("integrations.use", "report.share")));
        // the owner needs two roles for it: the smallest sets are pairs, or one role carrying both
        JsonPath slack = as(owner).get(base + "/users/bob/fixes?operation=report.share_to_slack").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(List.of("admin"), List.of("owner")), slack.getList("fixes.roles"));

        // applying the fix flips the decision
        long revision = Long.parseLong(as(lea).header("If-None-Match", "*").body(Map.of()).put(base + "/users/bob/roles/sharer")
                .then().statusCode(201).extract().header("Rolegate-Revision"));
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "report.share_link", "atLeastRevision", revision))
                .post(base + "/check").then().statusCode(200).body("allowed", equalTo(true));
        as(lea).get(base + "/users/bob/fixes?operation=report.share_link").then().statusCode(200)
                .body("allowed", equalTo(true)).body("fixes", equalTo(List.of()));
    }

    @Test
    void aDisabledUserHasNoFixAndBadQueriesAreProblems() {
        String a = Api.createAccount("fixes-bad");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of("status", "disabled")).put(base + "/users/dora").then().statusCode(201);
        as(owner).get(base + "/users/dora/fixes?operation=report.open").then().statusCode(200)
                .body("reason", equalTo("subject_disabled")).body("fixes", equalTo(List.of()));
        as(owner).get(base + "/users/dora/fixes").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("#operation"));
        as(owner).get(base + "/users/dora/fixes?operation=report.opne").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("operation_not_found"));
        as(owner).get(base + "/users/nobody/fixes?operation=report.open").then().statusCode(404)
                .body("code", equalTo("user_not_found"));
    }
}
