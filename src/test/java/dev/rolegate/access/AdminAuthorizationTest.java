package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 items 1 and 2: the admin API is authorized by Rolegate's own engine with the built-in
 * rbac.* catalog, delegated administration never escalates, and the last owner stays.
 */
@QuarkusTest
class AdminAuthorizationTest {

    private static final Set<String> ALL = Set.of("rbac.account.read", "rbac.roles.read", "rbac.roles.write",
            "rbac.users.read", "rbac.users.write", "rbac.groups.write", "rbac.assignments.write", "rbac.audit.read",
            "rbac.sso.write", "rbac.directory.write", "rbac.breakglass.write", "rbac.account.export", "rbac.account.import");

    /** One admin API call and the permission that covers it. */
    record Call(String method, String path, Object body, String permission) {
    }

    @Test
    void everyAdminUserMayDoExactlyWhatTheirAdminPermissionsSay() {
        String a = Api.createAccount("authz");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        put(owner, base + "/roles/auditor", Map.of("permissions",
                List.of("rbac.account.read", "rbac.roles.read", "rbac.users.read", "rbac.audit.read")), 201);
        put(owner, base + "/roles/team-lead", Map.of("permissions",
                List.of("rbac.users.read", "rbac.assignments.write"), "inherits", List.of("viewer")), 201);
        Map<String, String> roleOf = new LinkedHashMap<>();
        roleOf.put("adam", "admin");
        roleOf.put("audrey", "auditor");
        roleOf.put("lee", "team-lead");
        roleOf.put("vic", "viewer");
        roleOf.put("dora", "admin"); // disabled below
        for (Map.Entry<String, String> e : roleOf.entrySet()) {
            put(owner, base + "/users/" + e.getKey(), Map.of(), 201);
            put(owner, base + "/users/" + e.getKey() + "/roles/" + e.getValue(), Map.of(), 201);
        }
        put(owner, base + "/users/dora", Map.of("status", "disabled"), 200);

        Map<String, Set<String>> holds = new LinkedHashMap<>();
        holds.put("owner@" + a + ".test", ALL);
        holds.put("adam", Set.of("rbac.account.read", "rbac.roles.read", "rbac.roles.write", "rbac.users.read",
                "rbac.users.write", "rbac.groups.write", "rbac.assignments.write", "rbac.audit.read", "rbac.account.export"));
        holds.put("audrey", Set.of("rbac.account.read", "rbac.roles.read", "rbac.users.read", "rbac.audit.read"));
        holds.put("lee", Set.of("rbac.users.read", "rbac.assignments.write"));
        holds.put("vic", Set.of());
        holds.put("dora", Set.of());            // disabled: holds nothing
        holds.put("stranger@" + a + ".test", Set.of()); // not a user of the account

        int n = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Set<String>> who : holds.entrySet()) {
            String token = Tokens.admin(a, who.getKey());
            String tag = "t" + (n++);
            for (Call call : calls(base, tag)) {
                Response r = send(token, call);
                boolean allowed = who.getValue().contains(call.permission());
                boolean refused = r.statusCode() == 403;
                if (allowed == refused || r.statusCode() >= 500
                        || refused && !r.jsonPath().getString("detail").contains(call.permission())
                        && who.getValue().isEmpty() == false) {
                    failures.add(who.getKey() + " " + call.method() + " " + call.path() + " → " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    private static List<Call> calls(String base, String tag) {
        return List.of(
                new Call("GET", base, null, "rbac.account.read"),
                new Call("GET", base + "/roles", null, "rbac.roles.read"),
                new Call("GET", base + "/roles/viewer", null, "rbac.roles.read"),
                new Call("GET", base + "/permissions", null, "rbac.roles.read"),
                new Call("GET", base + "/permissions/report.view", null, "rbac.roles.read"),
                new Call("PUT", base + "/roles/r-" + tag, Map.of(), "rbac.roles.write"),
                new Call("DELETE", base + "/roles/none", null, "rbac.roles.write"),
                // rewriting a permission every admin here holds (creating one needs the whole catalog: EscalationTest)
                new Call("PUT", base + "/permissions/users.view", Map.of("operations", List.of("user.list", "user.view_roles")),
                        "rbac.roles.write"),
                new Call("DELETE", base + "/permissions/none", null, "rbac.roles.write"),
                new Call("GET", base + "/users", null, "rbac.users.read"),
                new Call("GET", base + "/users/vic", null, "rbac.users.read"),
                new Call("GET", base + "/users/vic/roles", null, "rbac.users.read"),
                new Call("GET", base + "/users/vic/roles/viewer", null, "rbac.users.read"),
                new Call("GET", base + "/groups", null, "rbac.users.read"),
                new Call("GET", base + "/groups/none", null, "rbac.users.read"),
                new Call("GET", base + "/groups/none/members", null, "rbac.users.read"),
                new Call("GET", base + "/groups/none/roles", null, "rbac.users.read"),
                new Call("PUT", base + "/users/u-" + tag, Map.of(), "rbac.users.write"),
                new Call("DELETE", base + "/users/none", null, "rbac.users.write"),
                new Call("PUT", base + "/groups/g-" + tag, Map.of(), "rbac.groups.write"),
                new Call("DELETE", base + "/groups/none", null, "rbac.groups.write"),
                new Call("PUT", base + "/groups/none/members/vic", null, "rbac.groups.write"),
                new Call("DELETE", base + "/groups/none/members/vic", null, "rbac.groups.write"),
                new Call("PUT", base + "/users/none/roles/viewer", Map.of(), "rbac.assignments.write"),
                new Call("DELETE", base + "/users/none/roles/viewer", null, "rbac.assignments.write"),
                new Call("PUT", base + "/groups/none/roles/viewer", Map.of(), "rbac.assignments.write"),
                new Call("DELETE", base + "/groups/none/roles/viewer", null, "rbac.assignments.write"),
                new Call("PUT", base + "/users/none/break-glass/viewer", Map.of("reason", "outage"), "rbac.breakglass.write"),
                new Call("GET", base + "/audit", null, "rbac.audit.read"),
                new Call("GET", base + "/audit/verify", null, "rbac.audit.read"),
                new Call("GET", base + "/export", null, "rbac.account.export"),
                // a dry run of a document of the wrong version: refused (422) only after authorization
                new Call("POST", base + "/import?dryRun=true", Map.of("format", "rolegate.account-export", "version", 99),
                        "rbac.account.import"));
    }

    @Test
    void aTeamLeadMayAssignViewerButNotOwnerOrAdmin() {
        String a = Api.createAccount("escalate-lead");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        put(owner, base + "/roles/team-lead", Map.of("permissions",
                List.of("rbac.users.read", "rbac.assignments.write"), "inherits", List.of("viewer")), 201);
        put(owner, base + "/users/lee", Map.of(), 201);
        put(owner, base + "/users/newbie", Map.of(), 201);
        put(owner, base + "/users/lee/roles/team-lead", Map.of(), 201);
        String lee = Tokens.admin(a, "lee");

        put(lee, base + "/users/newbie/roles/viewer", Map.of(), 201);
        as(lee).body(Map.of()).put(base + "/users/newbie/roles/owner").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", containsString("billing.manage")).body("detail", containsString("rbac.sso.write"));
        as(lee).body(Map.of()).put(base + "/users/newbie/roles/admin").then().statusCode(403)
                .body("detail", containsString("users.manage"));
        // not even to a group, nor to themselves
        put(owner, base + "/groups/team", Map.of(), 201);
        as(lee).body(Map.of()).put(base + "/groups/team/roles/analyst").then().statusCode(403)
                .body("detail", containsString("report.edit"));
        as(lee).body(Map.of()).put(base + "/users/lee/roles/analyst").then().statusCode(403);
        as(Tokens.admin(a)).get(base + "/users/newbie/roles").then().statusCode(200).body("items.id", equalTo(List.of("viewer")));
    }

    @Test
    void anAdminCannotBuildARoleBeyondWhatTheyHoldNorGrantThemselvesMore() {
        String a = Api.createAccount("escalate-admin");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        put(owner, base + "/users/adam", Map.of(), 201);
        put(owner, base + "/users/adam/roles/admin", Map.of(), 201);
        String adam = Tokens.admin(a, "adam");

        // a role of permissions adam holds: fine; one he lacks: 403 naming it
        put(adam, base + "/roles/helper", Map.of("permissions", List.of("report.view", "users.view")), 201);
        as(adam).body(Map.of("permissions", List.of("report.view", "billing.manage"))).put(base + "/roles/helper").then()
                .statusCode(403).body("detail", containsString("billing.manage"));
        as(adam).body(Map.of("permissions", List.of("*"))).put(base + "/roles/helper").then()
                .statusCode(403).body("detail", containsString("rbac.directory.write"));
        as(adam).body(Map.of("permissions", List.of("rbac.*"))).put(base + "/roles/helper").then()
                .statusCode(403).body("detail", containsString("rbac.sso.write"));
        as(adam).body(Map.of("inherits", List.of("owner"))).put(base + "/roles/helper").then()
                .statusCode(403).body("detail", containsString("billing.manage"));
        // changing the role adam himself holds into more: refused, nothing changed
        as(adam).body(Map.of("permissions", List.of("billing.manage"), "inherits", List.of("analyst"))).put(base + "/roles/admin").then()
                .statusCode(403);
        as(owner).get(base + "/roles/admin").then().statusCode(200).body("permissions", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("billing.manage")));
        // self-assignment: only of roles whose permissions he holds
        as(adam).body(Map.of()).put(base + "/users/adam/roles/owner").then().statusCode(403);
        put(adam, base + "/users/adam/roles/analyst", Map.of(), 201);

        // through a group: assigning owner to a group, or joining a group that holds owner
        put(adam, base + "/groups/crew", Map.of(), 201);
        as(adam).body(Map.of()).put(base + "/groups/crew/roles/owner").then().statusCode(403);
        put(owner, base + "/groups/owners", Map.of(), 201);
        put(owner, base + "/groups/owners/roles/owner", Map.of(), 201);
        as(adam).put(base + "/groups/owners/members/adam").then().statusCode(403).body("detail", containsString("billing.manage"));
        as(owner).get(base + "/groups/owners/members").then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void theLastActiveOwnerCannotBeRemoved() {
        String a = Api.createAccount("lockout");
        String base = "/v1/accounts/" + a;
        String ownerId = "owner@" + a + ".test";
        String owner = Tokens.admin(a);
        long audit = as(owner).get(base + "/audit/verify").jsonPath().getLong("entries");

        as(owner).delete(base + "/users/" + ownerId + "/roles/owner").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("last_owner"));
        as(owner).delete(base + "/users/" + ownerId).then().statusCode(409).body("code", equalTo("last_owner"));
        as(owner).body(Map.of("status", "disabled")).put(base + "/users/" + ownerId).then().statusCode(409).body("code", equalTo("last_owner"));
        as(owner).queryParam("cascade", true).delete(base + "/roles/owner").then().statusCode(409).body("code", equalTo("last_owner"));
        assertEquals(audit, as(owner).get(base + "/audit/verify").jsonPath().getLong("entries"));

        // an owner only through a group: removing them from the group is the same lock-out
        put(owner, base + "/users/olga", Map.of(), 201);
        put(owner, base + "/groups/owners", Map.of(), 201);
        put(owner, base + "/groups/owners/roles/owner", Map.of(), 201);
        put(owner, base + "/groups/owners/members/olga", null, 201);
        as(owner).delete(base + "/users/" + ownerId + "/roles/owner").then().statusCode(204);
        String olga = Tokens.admin(a, "olga");
        as(olga).delete(base + "/groups/owners/members/olga").then().statusCode(409).body("code", equalTo("last_owner"));
        as(olga).delete(base + "/groups/owners").then().statusCode(409).body("code", equalTo("last_owner"));
        // with a second owner, either may go
        put(olga, base + "/users/" + ownerId + "/roles/owner", Map.of(), 201);
        as(olga).delete(base + "/groups/owners/members/olga").then().statusCode(204);
    }

    private static void put(String token, String path, Object body, int status) {
        var spec = as(token);
        if (body != null) {
            spec = spec.body(body);
        }
        Response r = spec.put(path);
        assertEquals(status, r.statusCode(), path + ": " + r.asString());
    }

    private static Response send(String token, Call call) {
        var spec = as(token);
        if (call.body() != null) {
            spec = spec.body(call.body());
        }
        return switch (call.method()) {
            case "GET" -> spec.get(call.path());
            case "PUT" -> spec.put(call.path());
            case "POST" -> spec.post(call.path());
            case "DELETE" -> spec.delete(call.path());
            default -> throw new IllegalArgumentException(call.method());
        };
    }
}
