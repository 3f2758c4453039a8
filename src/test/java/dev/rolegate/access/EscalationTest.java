package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.ops.LdapBodies;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1: the no-escalation rule guards every write that changes who may do what, not
 * only additions; one test per class of write. {@code adam} holds the template's {@code admin}
 * role: everything but {@code billing.manage}, {@code rbac.sso.write}, {@code rbac.directory.write},
 * {@code rbac.breakglass.write} and {@code rbac.account.import}.
 */
@QuarkusTest
class EscalationTest {

    /** An account with adam (admin) and a second owner, so that no refusal below is a lock-out. */
    private static String account(String prefix) {
        String a = Api.createAccount(prefix);
        String owner = Tokens.admin(a);
        String base = "/v1/accounts/" + a;
        ok(as(owner).body(Map.of()).put(base + "/users/adam"));
        ok(as(owner).body(Map.of()).put(base + "/users/adam/roles/admin"));
        ok(as(owner).body(Map.of()).put(base + "/users/olga"));
        ok(as(owner).body(Map.of()).put(base + "/users/olga/roles/owner"));
        return a;
    }

    @Test
    void catalogEditsStayWithinThePermissionsTheAdminHolds() {
        String a = account("esc-catalog");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        String adam = Tokens.admin(a, "adam");
        // moving billing.cancel (billing.manage) under users.view, which adam holds: billing.manage holders lose it
        refused(as(adam).body(Map.of("operations", List.of("user.list", "user.view_roles", "billing.cancel")))
                .put(base + "/permissions/users.view"), "billing.manage");
        // unlisting report.export_csv from data.export (adam holds both) is fine; from billing.manage-only ops not
        refused(as(adam).body(Map.of("operations", List.of()))
                .put(base + "/permissions/billing.manage"), "billing.manage");
        // an operation listed by report.view and data.export: deleting data.export would let report.view holders do it
        ok(as(owner).body(Map.of("operations", List.of("report.export_csv"))).put(base + "/permissions/vault.open"));
        refused(as(adam).delete(base + "/permissions/vault.open"), "vault.open");
        // creating a permission: every wildcard grant covering it (owner's *) holds it at once
        refused(as(adam).body(Map.of("operations", List.of("billing.refund"))).put(base + "/permissions/billing.refund"),
                "billing.manage");
        // within what he holds: moving user.invite between users.manage and users.view
        ok(as(adam).body(Map.of("operations", List.of("user.list", "user.view_roles", "user.invite")))
                .put(base + "/permissions/users.view"));
        as(owner).get(base + "/permissions/vault.open").then().statusCode(200).body("operations", equalTo(List.of("report.export_csv")));
        as(owner).get(base + "/permissions/billing.manage").then().statusCode(200)
                .body("operations", equalTo(List.of("billing.cancel", "billing.change_plan", "billing.update_payment_method")));
    }

    @Test
    void removalsAndRewritesStayWithinThePermissionsTheAdminHolds() {
        String a = account("esc-remove");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        String adam = Tokens.admin(a, "adam");
        ok(as(owner).body(Map.of("permissions", List.of("billing.manage"))).put(base + "/roles/finance"));
        ok(as(owner).body(Map.of()).put(base + "/users/fay"));
        ok(as(owner).body(Map.of()).put(base + "/users/fay/roles/finance"));
        ok(as(owner).body(Map.of()).put(base + "/users/fred"));
        ok(as(owner).body(Map.of()).put(base + "/groups/finance-team"));
        ok(as(owner).body(Map.of()).put(base + "/groups/finance-team/roles/finance"));
        ok(as(owner).put(base + "/groups/finance-team/members/fred"));

        // revoking, rewriting, emptying, deleting a role beyond what adam holds
        refused(as(adam).delete(base + "/users/olga/roles/owner"), "billing.manage");
        refused(as(adam).delete(base + "/groups/finance-team/roles/finance"), "billing.manage");
        refused(as(adam).body(Map.of("permissions", List.of("report.view"))).put(base + "/roles/owner"), "billing.manage");
        refused(as(adam).body(Map.of()).put(base + "/roles/finance"), "billing.manage");
        refused(as(adam).queryParam("cascade", true).delete(base + "/roles/finance"), "billing.manage");
        // the directory: a member losing the group's roles, a group or user deleted, a user disabled
        refused(as(adam).delete(base + "/groups/finance-team/members/fred"), "billing.manage");
        refused(as(adam).delete(base + "/groups/finance-team"), "billing.manage");
        refused(as(adam).delete(base + "/users/fay"), "billing.manage");
        refused(as(adam).body(Map.of("status", "disabled")).put(base + "/users/fay"), "billing.manage");
        refused(as(adam).body(Map.of("status", "disabled")).put(base + "/users/olga"), "rbac.sso.write");

        // nothing changed
        as(owner).get(base + "/roles/owner").then().statusCode(200).body("permissions", equalTo(List.of("*")));
        as(owner).get(base + "/roles/finance").then().statusCode(200).body("permissions", equalTo(List.of("billing.manage")));
        as(owner).get(base + "/users/fay").then().statusCode(200).body("status", equalTo("active"));
        as(owner).get(base + "/groups/finance-team/members/fred").then().statusCode(200);
        as(owner).get(base + "/users/olga/roles/owner").then().statusCode(200);
        // within what adam holds he still may
        ok(as(owner).body(Map.of()).put(base + "/users/vic"));
        ok(as(owner).body(Map.of()).put(base + "/users/vic/roles/analyst"));
        as(adam).delete(base + "/users/vic/roles/analyst").then().statusCode(204);
        ok(as(adam).body(Map.of("status", "disabled")).put(base + "/users/vic"));
        as(adam).delete(base + "/users/vic").then().statusCode(204);
    }

    @Test
    void aGrantThatCompletesAnOperationNeedingAPermissionTheAdminLacksIsRefused() {
        String a = account("esc-complete");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        // report.share_to_slack needs report.share AND integrations.use; lee holds only report.share
        ok(as(owner).body(Map.of("permissions", List.of("rbac.assignments.write", "rbac.roles.write", "report.share")))
                .put(base + "/roles/lead"));
        ok(as(owner).body(Map.of()).put(base + "/users/lee"));
        ok(as(owner).body(Map.of()).put(base + "/users/lee/roles/lead"));
        ok(as(owner).body(Map.of("permissions", List.of("integrations.use"))).put(base + "/roles/integrator"));
        ok(as(owner).body(Map.of()).put(base + "/users/vic"));
        ok(as(owner).body(Map.of()).put(base + "/users/vic/roles/integrator"));
        ok(as(owner).body(Map.of("permissions", List.of("report.share"))).put(base + "/roles/sharer"));
        String lee = Tokens.admin(a, "lee");
        refused(as(lee).body(Map.of()).put(base + "/users/vic/roles/sharer"), "integrations.use");
        // nor by widening the role vic already holds
        refused(as(lee).body(Map.of("permissions", List.of("report.share"))).put(base + "/roles/integrator"),
                "integrations.use");
        as(owner).get(base + "/users/vic/roles").then().statusCode(200).body("items.id", equalTo(List.of("integrator")));
    }

    @Test
    void ldapGroupRolesNeedThePermissionsOfTheRolesAddedAndRemoved() {
        String a = account("esc-ldap");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        ok(as(owner).body(Map.of("permissions", List.of("rbac.directory.write", "rbac.sso.write"), "inherits", List.of("admin")))
                .put(base + "/roles/directory-admin"));
        ok(as(owner).body(Map.of()).put(base + "/users/dana"));
        ok(as(owner).body(Map.of()).put(base + "/users/dana/roles/directory-admin"));
        String dana = Tokens.admin(a, "dana");
        String finance = "cn=finance,ou=groups,dc=example,dc=test";
        String staff = "cn=staff,ou=groups,dc=example,dc=test";

        refused(as(dana).body(ldap(Map.of(staff, List.of("owner")))).put(base + "/directory/ldap"), "billing.manage");
        ok(as(dana).body(ldap(Map.of(staff, List.of("viewer")))).put(base + "/directory/ldap"));
        ok(as(owner).body(ldap(Map.of(staff, List.of("viewer"), finance, List.of("owner")))).put(base + "/directory/ldap"));
        // taking owner out of the mapping would take it from finance's members at the next sync
        refused(as(dana).body(ldap(Map.of(staff, List.of("viewer")))).put(base + "/directory/ldap"), "billing.manage");
        // changing only what dana holds, leaving owner mapped as it is: fine
        ok(as(dana).body(ldap(Map.of(staff, List.of("analyst"), finance, List.of("owner")))).put(base + "/directory/ldap"));
    }

    @Test
    void theOwnerInvariantCountsWhatOwnersHoldNotTheRoleName() {
        String a = Api.createAccount("esc-owner");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        // rewriting owner to [report.view] leaves the only owner unable to restore it
        as(owner).body(Map.of("permissions", List.of("report.view"))).put(base + "/roles/owner").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("last_owner"));
        ok(as(owner).body(Map.of("permissions", List.of("rbac.*", "report.*", "dashboard.*", "definitions.*", "data.*",
                "integrations.*", "users.*", "billing.*"))).put(base + "/roles/all-listed"));
        ok(as(owner).body(Map.of()).put(base + "/users/olga"));
        ok(as(owner).body(Map.of()).put(base + "/users/olga/roles/all-listed"));
        // olga holds everything, so owner may now be rewritten: olga remains an owner by content
        ok(as(owner).body(Map.of("permissions", List.of("report.view"))).put(base + "/roles/owner"));
        // a new permission that none of olga's wildcards covers would leave nobody holding the whole catalog
        String olga = Tokens.admin(a, "olga");
        as(olga).body(Map.of("operations", List.of("vault.open"))).put(base + "/permissions/vault.open").then().statusCode(409)
                .body("code", equalTo("last_owner"));
        ok(as(olga).body(Map.of("permissions", List.of("*"))).put(base + "/roles/all-listed"));
        ok(as(olga).body(Map.of("operations", List.of("vault.open"))).put(base + "/permissions/vault.open"));
    }

    // moved from AdminAuthorizationTest (issue 3 item 2) when it became a table of declarations
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

    /** A PUT by {@code token} that must answer {@code status}. */
    private static void put(String token, String path, Object body, int status) {
        var spec = as(token);
        if (body != null) {
            spec = spec.body(body);
        }
        Response r = spec.put(path);
        assertEquals(status, r.statusCode(), path + ": " + r.asString());
    }

    private static Map<String, Object> ldap(Map<String, List<String>> groupRoles) {
        Map<String, Object> s = new HashMap<>(LdapBodies.settings("ldap://127.0.0.1:1389", "cn=sync,dc=example,dc=test", "secret"));
        s.put("groupRoles", groupRoles);
        return s;
    }

    static void refused(Response r, String missing) {
        r.then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", containsString(missing));
    }

    static Response ok(Response r) {
        assertEquals(true, r.statusCode() == 200 || r.statusCode() == 201 || r.statusCode() == 204, r.asString());
        return r;
    }
}
