package dev.rolegate.access;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.audit.AuditLog;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 3 item 7: every limit on bad or hostile input is a 4xx problem and writes nothing. */
@QuarkusTest
class LimitsTest {

    @Inject
    AccessLimits limits;

    @Inject
    AuditLog audit;

    @Test
    void anOversizedBodyIsA413ProblemBeforeItIsRead() {
        String a = Api.createAccount("lim-body");
        String huge = "x".repeat(1_100_000);
        admin(a).body("{\"description\":\"" + huge + "\"}").put("/v1/accounts/" + a + "/roles/big").then()
                .statusCode(413).contentType("application/problem+json").body("code", equalTo("payload_too_large"));
        admin(a).get("/v1/accounts/" + a + "/roles/big").then().statusCode(404);
    }

    @Test
    void aBatchOfMoreThan1000ChecksIsRefused() {
        String a = Api.createAccount("lim-batch");
        List<Map<String, String>> checks = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            checks.add(Map.of("subject", "u" + i, "operation", "report.open"));
        }
        Api.as(Tokens.check(a)).body(Map.of("checks", checks)).post("/v1/accounts/" + a + "/check/batch").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("1000"));
        Api.as(Tokens.check(a)).body(Map.of("checks", checks.subList(0, 1000))).post("/v1/accounts/" + a + "/check/batch").then()
                .statusCode(200);
    }

    @Test
    void namesAreBoundedInLengthAndAlphabet() {
        String a = Api.createAccount("lim-names");
        String base = "/v1/accounts/" + a;
        long entries = audit.count(a);
        admin(a).body(Map.of()).put(base + "/roles/" + "r".repeat(128)).then().statusCode(201);
        for (String bad : List.of("r".repeat(129), "Admin", "with space", "ünïcode", "-lead", "a*")) {
            admin(a).body(Map.of()).put(base + "/roles/" + bad).then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("#role"));
        }
        admin(a).body(Map.of("permissions", List.of("Report.View"))).put(base + "/roles/ok").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/permissions/0"));
        admin(a).body(Map.of()).put(base + "/users/" + "u".repeat(257)).then().statusCode(400);
        admin(a).body(Map.of("displayName", "d".repeat(1025))).put(base + "/users/dee").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/displayName"));
        assertEquals(entries + 1, audit.count(a));
    }

    @Test
    void idsWithPathTricksAreRejectedAndNothingIsWritten() {
        String a = Api.createAccount("lim-path");
        String base = "/v1/accounts/" + a;
        long entries = audit.count(a);
        // sent as is (no client-side encoding): dot segments, encoded slashes and backslashes,
        // control characters, non-NFC Unicode (e + combining acute), NUL
        for (String trick : List.of("..", ".", "%2E%2E", "a%2Fb", "..%2F..%2Fadmin", "a%5Cb", "a%00b", "a%0Ab", "a%0D%0Ab",
                "e%CC%81", "%C3%A9", "a%20b", "%EF%BC%8E%EF%BC%8E")) {
            for (String path : List.of("/users/", "/groups/", "/roles/")) {
                int status = admin(a).urlEncodingEnabled(false).body(Map.of()).put(base + path + trick).then()
                        .statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500))
                        .contentType("application/problem+json").extract().statusCode();
                if (status != 400 && status != 404) {
                    throw new AssertionError(path + trick + " answered " + status);
                }
            }
        }
        assertEquals(entries, audit.count(a));
        admin(a).get(base + "/users").then().statusCode(200).body("items.id", equalTo(List.of("owner@" + a + ".test")));
    }

    @Test
    void grantsPerRoleAndOperationsPerPermissionAreBounded() {
        String a = Api.createAccount("lim-grants");
        String base = "/v1/accounts/" + a;
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= limits.grantsPerRole(); i++) {
            many.add("p" + i + ".*");
        }
        admin(a).body(Map.of("permissions", many)).put(base + "/roles/wide").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/permissions")).body("detail", containsString("at most"));
        admin(a).body(Map.of("permissions", many.subList(0, limits.grantsPerRole()))).put(base + "/roles/wide").then().statusCode(201);

        List<String> operations = new ArrayList<>();
        for (int i = 0; i <= limits.operationsPerPermission(); i++) {
            operations.add("op.n" + i);
        }
        admin(a).body(Map.of("operations", operations)).put(base + "/permissions/wide").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/operations"));
        admin(a).get(base + "/permissions/wide").then().statusCode(404);

        List<String> parents = new ArrayList<>();
        for (int i = 0; i <= limits.inheritsPerRole(); i++) {
            parents.add("parent" + i);
        }
        admin(a).body(Map.of("inherits", parents)).put(base + "/roles/child").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/inherits"));
    }

    @Test
    void inheritanceDepthIsBounded() {
        String a = Api.createAccount("lim-depth");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of()).put(base + "/roles/level1").then().statusCode(201);
        for (int i = 2; i <= limits.inheritanceDepth(); i++) {
            admin(a).body(Map.of("inherits", List.of("level" + (i - 1)))).put(base + "/roles/level" + i).then().statusCode(201);
        }
        int tooDeep = limits.inheritanceDepth() + 1;
        admin(a).body(Map.of("inherits", List.of("level" + limits.inheritanceDepth()))).put(base + "/roles/level" + tooDeep).then()
                .statusCode(422).body("code", equalTo("inheritance_too_deep"));
        admin(a).get(base + "/roles/level" + tooDeep).then().statusCode(404);
        // lengthening the chain from the bottom is caught as well
        admin(a).body(Map.of()).put(base + "/roles/root").then().statusCode(201);
        admin(a).body(Map.of("inherits", List.of("root"))).put(base + "/roles/level1").then()
                .statusCode(422).body("code", equalTo("inheritance_too_deep"));
        admin(a).get(base + "/roles/level1").then().statusCode(200).body("inherits", equalTo(List.of()));
    }

    @Test
    void rolesPerAccountAreBounded() {
        String a = Api.createAccount("lim-roles");
        String base = "/v1/accounts/" + a;
        int existing = admin(a).get(base + "/roles?limit=1000").then().extract().jsonPath().getList("items").size();
        for (int i = existing; i < limits.rolesPerAccount(); i++) {
            admin(a).body(Map.of()).put(base + "/roles/filler" + i).then().statusCode(201);
        }
        admin(a).body(Map.of()).put(base + "/roles/one-too-many").then()
                .statusCode(422).contentType("application/problem+json").body("code", equalTo("too_many_roles"));
        admin(a).get(base + "/roles/one-too-many").then().statusCode(404);
        // replacing an existing role is still fine at the limit
        admin(a).body(Map.of("description", "still editable")).put(base + "/roles/filler" + existing).then().statusCode(200);
    }
}
