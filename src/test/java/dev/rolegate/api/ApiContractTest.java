package dev.rolegate.api;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every row of the core API contract, on the real PostgreSQL. */
@QuarkusTest
class ApiContractTest {

    @Inject
    SettableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // ---- accounts --------------------------------------------------------------------------

    @Test
    void createsAnAccountFromTheTemplateOnceAndOnlyOnce() {
        String id = Api.newAccountId("acct");
        Map<String, String> body = Map.of("id", id, "name", "Acme Analytics", "template", "saas-analytics", "owner", "ann@acme.test");
        as(Tokens.platform()).body(body).post("/v1/accounts").then()
                .statusCode(201)
                .body("id", equalTo(id)).body("name", equalTo("Acme Analytics")).body("revision", equalTo(1));
        as(Tokens.platform()).body(body).post("/v1/accounts").then()
                .statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("account_exists")).body("status", equalTo(409));

        // admin calls are authorized by the engine: the token's subject is the owner named at creation
        String annToken = Tokens.admin(id, "ann@acme.test");
        as(Tokens.admin(id)).get("/v1/accounts/" + id).then().statusCode(403).body("code", equalTo("forbidden"));
        as(annToken).get("/v1/accounts/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("template", equalTo("saas-analytics")).body("revision", equalTo(1));
        // the template's roles and catalog are ordinary rows; the owner holds the owner role
        as(annToken).get("/v1/accounts/" + id + "/roles/owner").then().statusCode(200).body("permissions", contains("*"));
        as(annToken).get("/v1/accounts/" + id + "/users/ann@acme.test/roles").then().statusCode(200)
                .body("items[0].id", equalTo("owner")).body("items[0].source", equalTo("template"));
        as(annToken).body(Map.of("subject", "ann@acme.test", "operation", "report.rename"))
                .post("/v1/accounts/" + id + "/check").then().statusCode(200).body("allowed", equalTo(true));
    }

    @Test
    void refusesBadAccountRequests() {
        as(Tokens.platform()).body(Map.of("id", "X_bad", "name", "n", "template", "saas-analytics"))
                .post("/v1/accounts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/id"));
        as(Tokens.platform()).body(Map.of("id", Api.newAccountId("tpl"), "name", "n", "template", "no-such-template"))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("unknown_template"));
        String id = Api.newAccountId("scope");
        admin(id).body(Map.of("id", id, "name", "n", "template", "saas-analytics"))
                .post("/v1/accounts").then().statusCode(403).contentType("application/problem+json");
    }

    // ---- permissions -------------------------------------------------------------------------

    @Test
    void putsPermissionsAndBumpsTheRevision() {
        String a = Api.createAccount("perm");
        Response created = admin(a).body(Map.of("description", "Export data", "operations", List.of("data.export_csv", "data.export_json")))
                .put("/v1/accounts/" + a + "/permissions/data.exporting");
        created.then().statusCode(201).body("id", equalTo("data.exporting"))
                .body("operations", contains("data.export_csv", "data.export_json"));
        long first = Long.parseLong(created.header("Rolegate-Revision"));
        Response updated = admin(a).body(Map.of("description", "Export", "operations", List.of("data.export_csv")))
                .put("/v1/accounts/" + a + "/permissions/data.exporting");
        updated.then().statusCode(200).body("description", equalTo("Export"));
        assertEquals(first + 1, Long.parseLong(updated.header("Rolegate-Revision")));

        admin(a).get("/v1/accounts/" + a + "/permissions/data.exporting").then().statusCode(200)
                .body("operations", contains("data.export_csv"));
        // the operation no permission lists any more is unknown
        admin(a).body(Map.of("subject", "owner@" + a + ".test", "operation", "data.export_json"))
                .post("/v1/accounts/" + a + "/check").then().statusCode(200)
                .body("allowed", equalTo(false)).body("reason", equalTo("unknown_operation"));

        admin(a).get("/v1/accounts/" + a + "/permissions/no.such").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("permission_not_found"));
        admin(a).body(Map.of("operations", List.of("Bad Name"))).put("/v1/accounts/" + a + "/permissions/x.y")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/operations/0"));
    }

    @Test
    void pagesCollectionsWithLimitAndAfter() {
        String a = Api.createAccount("page");
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = admin(a).queryParam("limit", 3);
            if (after != null) {
                request.queryParam("after", after);
            }
            Response page = request.get("/v1/accounts/" + a + "/permissions");
            page.then().statusCode(200);
            List<String> ids = page.jsonPath().getList("items.id");
            assertTrue(ids.size() <= 3);
            seen.addAll(ids);
            after = page.jsonPath().getString("next");
            pages++;
        } while (after != null && pages < 50);
        List<String> all = admin(a).queryParam("limit", 1000).get("/v1/accounts/" + a + "/permissions")
                .jsonPath().getList("items.id");
        assertEquals(all, seen);
        assertTrue(all.size() > 3, "the template has more than one page of permissions");
        admin(a).queryParam("limit", 0).get("/v1/accounts/" + a + "/roles").then().statusCode(400);
    }

    // ---- roles -------------------------------------------------------------------------------

    @Test
    void rolesRejectUnknownNamesAndCycles() {
        String a = Api.createAccount("role");
        admin(a).body(Map.of("description", "Reads", "permissions", List.of("report.view"), "inherits", List.of()))
                .put("/v1/accounts/" + a + "/roles/reader").then().statusCode(201)
                .body("id", equalTo("reader")).body("permissions", contains("report.view"));
        admin(a).body(Map.of("permissions", List.of("report.fly")))
                .put("/v1/accounts/" + a + "/roles/pilot").then().statusCode(422)
                .body("code", equalTo("unknown_permission")).body("detail", containsString("report.fly"));
        admin(a).body(Map.of("permissions", List.of(), "inherits", List.of("ghost")))
                .put("/v1/accounts/" + a + "/roles/haunted").then().statusCode(422).body("code", equalTo("unknown_role"));
        admin(a).body(Map.of("permissions", List.of(), "inherits", List.of("reader")))
                .put("/v1/accounts/" + a + "/roles/middle").then().statusCode(201);
        admin(a).body(Map.of("permissions", List.of("report.view"), "inherits", List.of("middle")))
                .put("/v1/accounts/" + a + "/roles/reader").then().statusCode(422)
                .body("code", equalTo("role_cycle")).body("detail", containsString("reader"));
        // the refused write changed nothing
        admin(a).get("/v1/accounts/" + a + "/roles/reader").then().statusCode(200).body("inherits", hasSize(0));
        admin(a).get("/v1/accounts/" + a + "/roles/pilot").then().statusCode(404).body("code", equalTo("role_not_found"));
        // wildcard grants are accepted
        admin(a).body(Map.of("permissions", List.of("report.*"))).put("/v1/accounts/" + a + "/roles/reporter")
                .then().statusCode(201).body("permissions", contains("report.*"));
    }

    @Test
    void deletingAnAssignedRoleNeedsCascade() {
        String a = Api.createAccount("del");
        admin(a).body(Map.of("permissions", List.of("report.view"))).put("/v1/accounts/" + a + "/roles/temp").then().statusCode(201);
        admin(a).body(Map.of()).put("/v1/accounts/" + a + "/users/u1").then().statusCode(201);
        admin(a).body(Map.of()).put("/v1/accounts/" + a + "/users/u1/roles/temp").then().statusCode(201);
        admin(a).delete("/v1/accounts/" + a + "/roles/temp").then().statusCode(409).body("code", equalTo("role_in_use"));
        admin(a).queryParam("cascade", true).delete("/v1/accounts/" + a + "/roles/temp").then().statusCode(204)
                .header("Rolegate-Revision", notNullValue());
        admin(a).get("/v1/accounts/" + a + "/roles/temp").then().statusCode(404);
        admin(a).get("/v1/accounts/" + a + "/users/u1/roles").then().statusCode(200).body("items", hasSize(0));
    }

    // ---- users, groups, assignments ---------------------------------------------------------------

    @Test
    void usersGroupsMembersAndAssignments() {
        String a = Api.createAccount("dir");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("email", "mallory@example.test", "displayName", "Mallory", "status", "active"))
                .put(base + "/users/mallory@example.test").then().statusCode(201)
                .body("id", equalTo("mallory@example.test")).body("source", equalTo("local"));
        admin(a).body(Map.of("email", "mallory@example.test", "displayName", "Mallory M.", "status", "active"))
                .put(base + "/users/mallory@example.test").then().statusCode(200).body("displayName", equalTo("Mallory M."));
        admin(a).get(base + "/users/mallory@example.test").then().statusCode(200).body("email", equalTo("mallory@example.test"));
        admin(a).get(base + "/users").then().statusCode(200).body("items.id", hasItem("mallory@example.test"));
        admin(a).body(Map.of("status", "sleeping")).put(base + "/users/x").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/status"));

        admin(a).body(Map.of("displayName", "Product managers")).put(base + "/groups/pm").then().statusCode(201);
        admin(a).get(base + "/groups/pm").then().statusCode(200).body("displayName", equalTo("Product managers"));
        admin(a).put(base + "/groups/pm/members/mallory@example.test").then().statusCode(201);
        admin(a).put(base + "/groups/pm/members/mallory@example.test").then().statusCode(200);
        admin(a).get(base + "/groups/pm/members").then().statusCode(200).body("items.id", contains("mallory@example.test"));
        admin(a).get(base + "/groups/pm/members/mallory@example.test").then().statusCode(200);
        admin(a).put(base + "/groups/pm/members/nobody").then().statusCode(404).body("code", equalTo("user_not_found"));

        check(a, "mallory@example.test", "report.rename").then().body("allowed", equalTo(false))
                .body("reason", equalTo("missing_permission")).body("missing", contains("report.edit"));
        admin(a).put(base + "/groups/pm/roles/analyst").then().statusCode(201).body("source", equalTo("manual"));
        admin(a).get(base + "/groups/pm/roles").then().statusCode(200).body("items.id", contains("analyst"));
        admin(a).get(base + "/groups/pm/roles/analyst").then().statusCode(200);
        check(a, "mallory@example.test", "report.rename").then().body("allowed", equalTo(true));

        admin(a).delete(base + "/groups/pm/members/mallory@example.test").then().statusCode(204);
        check(a, "mallory@example.test", "report.rename").then().body("allowed", equalTo(false));
        admin(a).delete(base + "/groups/pm/members/mallory@example.test").then().statusCode(404);

        admin(a).body(Map.of("expiresAt", "2999-01-01T00:00:00Z")).put(base + "/users/mallory@example.test/roles/viewer")
                .then().statusCode(201).body("expiresAt", equalTo("2999-01-01T00:00:00Z"));
        admin(a).get(base + "/users/mallory@example.test/roles/viewer").then().statusCode(200).body("source", equalTo("manual"));
        check(a, "mallory@example.test", "report.open").then().body("allowed", equalTo(true));
        admin(a).delete(base + "/users/mallory@example.test/roles/viewer").then().statusCode(204);
        admin(a).delete(base + "/users/mallory@example.test/roles/viewer").then().statusCode(404)
                .body("code", equalTo("assignment_not_found"));
        admin(a).delete(base + "/groups/pm/roles/analyst").then().statusCode(204);
        admin(a).delete(base + "/groups/pm").then().statusCode(204);
        admin(a).get(base + "/groups/pm").then().statusCode(404).body("code", equalTo("group_not_found"));
        admin(a).body(Map.of("validFrom", "yesterday")).put(base + "/users/mallory@example.test/roles/viewer")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/validFrom"));
        admin(a).body(Map.of("validFrom", "2030-01-01T00:00:00Z", "expiresAt", "2029-01-01T00:00:00Z"))
                .put(base + "/users/mallory@example.test/roles/viewer").then().statusCode(400);
        admin(a).delete(base + "/users/mallory@example.test").then().statusCode(204);
        admin(a).get(base + "/users/mallory@example.test").then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void assignmentsCountOnlyInsideTheirValidity() {
        String a = Api.createAccount("time");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of()).put(base + "/users/tess").then().statusCode(201);
        admin(a).body(Map.of("validFrom", "2030-01-01T00:00:00Z", "expiresAt", "2030-02-01T00:00:00+00:00"))
                .put(base + "/users/tess/roles/viewer").then().statusCode(201);
        clock.set(Instant.parse("2029-12-31T23:59:59Z"));
        check(a, "tess", "report.open").then().body("allowed", equalTo(false));
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        check(a, "tess", "report.open").then().body("allowed", equalTo(true));
        clock.set(Instant.parse("2030-02-01T00:00:00Z"));
        check(a, "tess", "report.open").then().body("allowed", equalTo(false));
    }

    // ---- checks ----------------------------------------------------------------------------------

    @Test
    void checkAnswersExplainsAndRefusesAmbiguousRequests() {
        String a = Api.createAccount("chk");
        String base = "/v1/accounts/" + a;
        String owner = "owner@" + a + ".test";
        admin(a).body(Map.of()).put(base + "/users/vic").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/vic/roles/viewer").then().statusCode(201);
        String check = Tokens.check(a);
        as(check).body(Map.of("subject", "vic", "permission", "report.view")).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(true)).body("revision", notNullValue()).body("reason", nullValue());
        as(check).body(Map.of("subject", "vic", "operation", "report.open", "explain", true)).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(true))
                .body("explain[0].kind", contains("user", "role", "permission", "operation"))
                .body("explain[0].name", contains("vic", "viewer", "report.view", "report.open"));
        as(check).body(Map.of("subject", "ghost", "operation", "report.open")).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("unknown_subject"));
        as(check).body(Map.of("subject", owner, "operation", "no.such_op")).post(base + "/check").then()
                .statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("unknown_operation"));
        as(check).body(Map.of("subject", "vic", "operation", "report.open", "permission", "report.view"))
                .post(base + "/check").then().statusCode(400).contentType("application/problem+json");
        as(check).body(Map.of("subject", "vic")).post(base + "/check").then().statusCode(400);
        as(check).body(Map.of("operation", "report.open")).post(base + "/check").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/subject"));
    }

    @Test
    void batchAnswersInOrderWithinItsLimits() {
        String a = Api.createAccount("batch");
        String base = "/v1/accounts/" + a;
        String owner = "owner@" + a + ".test";
        List<Map<String, Object>> checks = List.of(
                Map.of("subject", owner, "operation", "report.rename"),
                Map.of("subject", "nobody", "operation", "report.rename"),
                Map.of("subject", owner, "permission", "billing.view"));
        as(Tokens.check(a)).body(Map.of("checks", checks)).post(base + "/check/batch").then().statusCode(200)
                .body("results.allowed", contains(true, false, true))
                .body("results[1].reason", equalTo("unknown_subject"))
                .body("revision", notNullValue());
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("subject", owner, "operation", "report.rename"));
        }
        as(Tokens.check(a)).body(Map.of("checks", tooMany)).post(base + "/check/batch").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/checks"));
        as(Tokens.check(a)).body(Map.of("checks", List.of())).post(base + "/check/batch").then().statusCode(400);
        as(Tokens.check(a)).body(Map.of("checks", List.of(Map.of("subject", owner)))).post(base + "/check/batch")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/checks/0/operation"));
    }

    @Test
    void effectivePermissionsAndWhoMay() {
        String a = Api.createAccount("eff");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of()).put(base + "/users/vic").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/vic/roles/viewer").then().statusCode(201);
        Response effective = as(Tokens.check(a)).get(base + "/users/vic/permissions");
        effective.then().statusCode(200).body("permissions", hasItem("report.view"))
                .body("permissions", not(hasItem("report.edit"))).body("operations", hasItem("report.open"))
                .body("revision", notNullValue());
        // consistency: every operation listed is allowed by check, and a held-out one is not
        for (String op : effective.jsonPath().<String>getList("operations")) {
            check(a, "vic", op).then().body("allowed", equalTo(true));
        }
        as(Tokens.check(a)).get(base + "/users/nobody/permissions").then().statusCode(404);
        as(Tokens.check(a)).get(base + "/operations/report.open/users").then().statusCode(200)
                .body("users", hasItem("vic")).body("users", hasItem("owner@" + a + ".test"));
        as(Tokens.check(a)).get(base + "/operations/report.rename/users").then().statusCode(200)
                .body("users", not(hasItem("vic")));
        as(Tokens.check(a)).get(base + "/operations/no.such/users").then().statusCode(404);
    }

    @Test
    void aCheckWithTheRevocationsRevisionNeverSeesTheRevokedRole() {
        String a = Api.createAccount("rev");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of()).put(base + "/users/eve").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/eve/roles/analyst").then().statusCode(201);
        check(a, "eve", "report.rename").then().body("allowed", equalTo(true));
        long revoked = Long.parseLong(admin(a).delete(base + "/users/eve/roles/analyst").then().statusCode(204)
                .extract().header("Rolegate-Revision"));
        as(Tokens.check(a)).body(Map.of("subject", "eve", "operation", "report.rename", "atLeastRevision", revoked))
                .post(base + "/check").then().statusCode(200)
                .body("allowed", equalTo(false)).body("revision", equalTo((int) revoked));
        // a revision the account has not reached is not answered from older data
        as(Tokens.check(a)).body(Map.of("subject", "eve", "operation", "report.rename", "atLeastRevision", revoked + 100))
                .post(base + "/check").then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("revision_unavailable"));
    }

    // ---- authentication, scopes, errors ------------------------------------------------------------

    @Test
    void refusesMissingAndBadTokensWith401() {
        String a = Api.createAccount("auth");
        given().contentType(ContentType.JSON).body(Map.of("subject", "x", "operation", "report.open"))
                .post("/v1/accounts/" + a + "/check").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
        as("not-a-jwt").get("/v1/accounts/" + a).then().statusCode(401).contentType("application/problem+json");
        String expired = io.smallrye.jwt.build.Jwt.issuer(Tokens.ISSUER).subject("x").claim("account", a)
                .claim("scope", "rbac:admin").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        as(expired).get("/v1/accounts/" + a).then().statusCode(401);
        String wrongIssuer = io.smallrye.jwt.build.Jwt.issuer("someone-else").subject("x").claim("account", a)
                .claim("scope", "rbac:admin").sign();
        as(wrongIssuer).get("/v1/accounts/" + a).then().statusCode(401);
    }

    @Test
    void tokensOfAnotherAccountOrScopeGet403AndNoData() {
        String a = Api.createAccount("iso");
        String b = Api.createAccount("iso");
        String base = "/v1/accounts/" + a;
        Response r = admin(b).get(base);
        r.then().statusCode(403).contentType("application/problem+json");
        assertTrue(!r.asString().contains("Test " + a), "no data of account a");
        admin(b).get(base + "/roles").then().statusCode(403);
        as(Tokens.check(b)).body(Map.of("subject", "owner@" + a + ".test", "operation", "report.open"))
                .post(base + "/check").then().statusCode(403);
        // a check token may not administer its own account
        as(Tokens.check(a)).get(base + "/roles").then().statusCode(403).body("detail", containsString("rbac:admin"));
        as(Tokens.check(a)).body(Map.of()).put(base + "/users/intruder").then().statusCode(403);
        // a platform token is not an admin of any account's data
        as(Tokens.platform()).get(base + "/roles").then().statusCode(403);
        // an admin token without account claim
        as(Tokens.of(null, "x", "rbac:admin")).get(base + "/roles").then().statusCode(403);
    }

    @Test
    void malformedJsonAndUnknownPathsAreProblems() {
        String a = Api.createAccount("err");
        admin(a).body("{\"description\": ").put("/v1/accounts/" + a + "/roles/broken").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("malformed_json"));
        admin(a).body("{\"permissions\": \"report.view\"}").put("/v1/accounts/" + a + "/roles/broken").then()
                .statusCode(400).contentType("application/problem+json");
        admin(a).body("{\"permisions\": [\"report.view\"]}").put("/v1/accounts/" + a + "/roles/broken").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/permisions"));
        admin(a).get("/v1/accounts/" + a + "/nothing-here").then().statusCode(404).contentType("application/problem+json");
        admin(a).get("/v1/accounts/" + a + "/roles/Not_A_Name").then().statusCode(400)
                .body("errors[0].pointer", equalTo("#role"));
        admin(a).get("/v1/accounts/" + a + "/roles/broken").then().statusCode(404);
    }

    private static Response check(String account, String subject, String operation) {
        return as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation))
                .post("/v1/accounts/" + account + "/check");
    }
}
