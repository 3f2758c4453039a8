package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1, through HTTP: {@code GET .../assignable-roles} lists what the calling admin may
 * assign to a subject and why the rest is excluded, and the assignment call agrees: on random
 * accounts every listed role is assigned by that admin and every excluded one is refused with the
 * same {@code reason}.
 */
@QuarkusTest
class AssignableRolesTest {

    private static JsonPath assignable(String token, String base, String query) {
        return as(token).get(base + "/assignable-roles?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDelegatedAdminSeesWhatItMayAssignAndWhyNotTheRest() {
        String a = Api.createAccount("assignable");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/adam").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/adam/roles/admin").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        String adam = Tokens.admin(a, "adam");

        JsonPath page = assignable(adam, base, "subject=bob");
        assertEquals(List.of("admin", "analyst"), page.getList("items.id"));
        assertEquals("Builds and shares reports and dashboards and exports data", page.getString("items[1].description"));
        assertTrue(page.getList("items[1].permissions").containsAll(List.of("report.edit", "report.view", "dashboard.edit")));
        assertEquals(List.of(Map.of("id", "owner", "reason", "exceeds_caller"), Map.of("id", "viewer", "reason", "already_assigned")),
                page.getList("excluded"));
        assertEquals(null, page.getString("next"));

        // paged and searched on the server
        JsonPath first = assignable(adam, base, "subject=bob&limit=3");
        assertEquals(List.of("admin", "analyst"), first.getList("items.id"));
        assertEquals(List.of("owner"), first.getList("excluded.id"));
        assertEquals("owner", first.getString("next"));
        JsonPath second = assignable(adam, base, "subject=bob&limit=3&after=owner");
        assertEquals(List.of(), second.getList("items.id"));
        assertEquals(List.of("viewer"), second.getList("excluded.id"));
        assertEquals(null, second.getString("next"));
        assertEquals(List.of("analyst"), assignable(adam, base, "subject=bob&q=AN").getList("items.id"));
        assertEquals(List.of("owner"), assignable(adam, base, "subject=bob&q=o").getList("excluded.id"));

        // the assignment call gives the same reasons
        as(adam).header("If-None-Match", "*").body(Map.of()).put(base + "/users/bob/roles/viewer").then()
                .statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("already_assigned")).body("reason", equalTo("already_assigned"));
        as(adam).header("If-None-Match", "*").body(Map.of()).put(base + "/users/bob/roles/owner").then()
                .statusCode(403).body("code", equalTo("forbidden")).body("reason", equalTo("exceeds_caller"));
        // without If-None-Match an assignment is replaced, as before
        as(adam).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(200);
        as(adam).header("If-None-Match", "*").body(Map.of()).put(base + "/users/bob/roles/analyst").then().statusCode(201);
        as(adam).header("If-None-Match", "\"abc\"").body(Map.of()).put(base + "/users/bob/roles/admin").then()
                .statusCode(400).body("errors[0].pointer", equalTo("#If-None-Match"));

        // groups: kind=group
        as(owner).body(Map.of()).put(base + "/groups/pm").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/groups/pm/roles/analyst").then().statusCode(201);
        JsonPath group = assignable(adam, base, "subject=pm&kind=group");
        assertEquals(List.of("admin", "viewer"), group.getList("items.id"));
        assertEquals(List.of("analyst", "owner"), group.getList("excluded.id"));
    }

    @Test
    void aRoleWhoseOwnPermissionsTheAdminHoldsIsExcludedWhenItCompletesAnOperationTheAdminCannotDo() {
        String a = Api.createAccount("assignable-net");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        // deploy.prod needs both p.build and p.approve
        as(owner).body(Map.of("operations", List.of("deploy.prod"))).put(base + "/permissions/p.build").then().statusCode(201);
        as(owner).body(Map.of("operations", List.of("deploy.prod"))).put(base + "/permissions/p.approve").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.build"))).put(base + "/roles/builder").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.approve"))).put(base + "/roles/approver").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("rbac.users.read", "rbac.assignments.write", "p.build")))
                .put(base + "/roles/delegate").then().statusCode(201);
        for (String user : List.of("dan", "sam", "una")) {
            as(owner).body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
        }
        as(owner).body(Map.of()).put(base + "/users/dan/roles/delegate").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/sam/roles/approver").then().statusCode(201);
        String dan = Tokens.admin(a, "dan");

        // dan holds p.build, but handing builder to sam would let sam deploy, which needs p.approve too
        List<Map<String, String>> excluded = assignable(dan, base, "subject=sam").getList("excluded");
        assertTrue(excluded.contains(Map.of("id", "builder", "reason", "exceeds_caller")), excluded.toString());
        assertTrue(excluded.contains(Map.of("id", "approver", "reason", "already_assigned")), excluded.toString());
        as(dan).header("If-None-Match", "*").body(Map.of()).put(base + "/users/sam/roles/builder").then()
                .statusCode(403).body("reason", equalTo("exceeds_caller"));
        // to una, who holds nothing, builder is fine
        assertTrue(assignable(dan, base, "subject=una").getList("items.id").contains("builder"));
        as(dan).header("If-None-Match", "*").body(Map.of()).put(base + "/users/una/roles/builder").then().statusCode(201);
    }

    @Test
    void badQueriesAreProblems() {
        String a = Api.createAccount("assignable-bad");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).get(base + "/assignable-roles").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("#subject"));
        as(owner).get(base + "/assignable-roles?subject=bob&kind=robot").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("#kind"));
        as(owner).get(base + "/assignable-roles?subject=nobody").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("user_not_found"));
        as(owner).get(base + "/assignable-roles?subject=nobody&kind=group").then().statusCode(404)
                .body("code", equalTo("group_not_found"));
        as(owner).get(base + "/assignable-roles?subject=" + Tokens.adminSubject(a) + "&limit=0").then().statusCode(400)
                .body("errors[0].pointer", equalTo("#limit"));
        as(owner).get(base + "/assignable-roles?subject=" + Tokens.adminSubject(a) + "&after=Bad!").then().statusCode(400)
                .body("errors[0].pointer", equalTo("#after"));
        as(Tokens.check(a)).get(base + "/assignable-roles?subject=" + Tokens.adminSubject(a)).then().statusCode(403);
    }

    /**
     * Random accounts: custom permissions whose operations may need several of them, roles that
     * grant and inherit at random, a delegated admin holding some of the permissions, a subject
     * with random roles and a group around it. For the user and for the group, every role of the
     * account is put by the admin with {@code If-None-Match: *}: a listed one is assigned (and
     * revoked again by the owner), an excluded one is refused with its reason.
     */
    @Test
    void onRandomAccountsTheListAndTheAssignmentCallAgree() {
        Random random = new Random(1313);
        int listed = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (int round = 0; round < 6; round++) {
            String a = Api.createAccount("assignable-prop");
            String base = "/v1/accounts/" + a;
            String owner = Tokens.admin(a);
            for (int p = 0; p < 5; p++) {
                List<String> ops = new ArrayList<>();
                for (int o = 0; o < 6; o++) {
                    if (random.nextInt(3) == 0) {
                        ops.add("op" + o);
                    }
                }
                as(owner).body(Map.of("operations", ops)).put(base + "/permissions/p" + p).then().statusCode(201);
            }
            for (int r = 0; r < 6; r++) {
                List<String> grants = new ArrayList<>();
                for (int p = 0; p < 5; p++) {
                    if (random.nextInt(3) == 0) {
                        grants.add("p" + p);
                    }
                }
                List<String> inherits = new ArrayList<>();
                for (int s = 0; s < r; s++) {
                    if (random.nextInt(4) == 0) {
                        inherits.add("r" + s);
                    }
                }
                as(owner).body(Map.of("description", "role " + r, "permissions", grants, "inherits", inherits))
                        .put(base + "/roles/r" + r).then().statusCode(201);
            }
            List<String> delegated = new ArrayList<>(List.of("rbac.users.read", "rbac.assignments.write"));
            for (int p = 0; p < 5; p++) {
                if (random.nextBoolean()) {
                    delegated.add("p" + p);
                }
            }
            as(owner).body(Map.of("permissions", delegated)).put(base + "/roles/delegate").then().statusCode(201);
            for (String user : List.of("dan", "sam", "tom")) {
                as(owner).body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
            }
            as(owner).body(Map.of()).put(base + "/users/dan/roles/delegate").then().statusCode(201);
            as(owner).body(Map.of()).put(base + "/groups/grp").then().statusCode(201);
            as(owner).body(Map.of()).put(base + "/groups/grp/members/sam").then().statusCode(201);
            as(owner).body(Map.of()).put(base + "/groups/grp/members/tom").then().statusCode(201);
            for (int i = 0; i < 2; i++) {
                as(owner).body(Map.of()).put(base + "/users/sam/roles/r" + random.nextInt(6)).then().statusCode(org.hamcrest.Matchers.anyOf(
                        equalTo(200), equalTo(201)));
                as(owner).body(Map.of()).put(base + "/users/tom/roles/r" + random.nextInt(6)).then().statusCode(org.hamcrest.Matchers.anyOf(
                        equalTo(200), equalTo(201)));
            }
            as(owner).body(Map.of()).put(base + "/groups/grp/roles/r" + random.nextInt(6)).then().statusCode(201);
            String dan = Tokens.admin(a, "dan");

            for (String[] subject : List.of(new String[] {"user", "sam", "users"}, new String[] {"group", "grp", "groups"})) {
                Map<String, String> expected = new LinkedHashMap<>();
                String after = null;
                do { // through the pages, three roles a page
                    JsonPath page = assignable(dan, base, "subject=" + subject[1] + "&kind=" + subject[0] + "&limit=3"
                            + (after == null ? "" : "&after=" + after));
                    assertTrue(page.getList("items").size() + page.getList("excluded").size() <= 3);
                    page.getList("items.id", String.class).forEach(id -> expected.put(id, "listed"));
                    List<Map<String, String>> excluded = page.getList("excluded");
                    excluded.forEach(e -> expected.put(e.get("id"), e.get("reason")));
                    after = page.getString("next");
                } while (after != null);
                assertEquals(11, expected.size(), expected.toString()); // owner admin analyst viewer delegate r0..r5
                for (Map.Entry<String, String> role : expected.entrySet()) {
                    String path = base + "/" + subject[2] + "/" + subject[1] + "/roles/" + role.getKey();
                    Response put = as(dan).header("If-None-Match", "*").body(Map.of()).put(path);
                    String where = "round " + round + " " + subject[0] + " " + role.getKey() + ": " + put.asString();
                    if (role.getValue().equals("listed")) {
                        assertEquals(201, put.statusCode(), where);
                        as(owner).delete(path).then().statusCode(204);
                        listed++;
                    } else {
                        assertEquals(role.getValue(), put.jsonPath().getString("reason"), where);
                        assertEquals(role.getValue().equals("exceeds_caller") ? 403 : 409, put.statusCode(), where);
                        reasons.merge(role.getValue(), 1, Integer::sum);
                    }
                }
            }
        }
        // the rounds exercise both sides of the rule
        assertTrue(listed > 5, "listed " + listed);
        assertTrue(reasons.getOrDefault("exceeds_caller", 0) > 5 && reasons.getOrDefault("already_assigned", 0) > 2,
                reasons.toString());
    }
}
