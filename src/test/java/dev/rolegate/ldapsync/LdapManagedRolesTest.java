package dev.rolegate.ldapsync;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1, reason {@code source_managed}: a group mirrored from LDAP is managed by the
 * sync for the roles {@code groupRoles} map its DN to; the assignable-roles list and the
 * assignment call agree on it, and a user synced from LDAP is never managed.
 */
@QuarkusTest
class LdapManagedRolesTest {

    private static final String BASE_DN = "dc=example,dc=test";
    private static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder(BASE_DN).ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void aRoleTheMappingGivesAnLdapGroupIsSourceManaged() {
        String a = Api.createAccount("ldap-managed");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        LdapSyncApiTest.reporterAndEngineer(a);
        Map<String, Object> settings = directory.apiSettings();
        // the key is written differently from the directory's DN: compared normalized
        settings.put("groupRoles", Map.of("CN=Analysts,OU=Groups,DC=example,DC=test", List.of("reporter")));
        as(owner).body(settings).put(base + "/directory/ldap").then().statusCode(201);
        as(owner).body(Map.of("mode", "full", "dryRun", false)).post(base + "/directory/ldap/sync").then().statusCode(200)
                .body("status", equalTo("succeeded"));

        List<Map<String, String>> groups = as(owner).get(base + "/groups?limit=1000").then().statusCode(200).extract()
                .jsonPath().getList("items");
        String analysts = groups.stream().filter(g -> "ldap".equals(g.get("source"))
                && ("analysts".equals(g.get("id")) || "analysts".equals(g.get("displayName")))).findFirst().orElseThrow().get("id");
        String engineering = groups.stream().filter(g -> "ldap".equals(g.get("source"))
                && ("engineering".equals(g.get("id")) || "engineering".equals(g.get("displayName")))).findFirst().orElseThrow().get("id");

        JsonPath page = as(owner).get(base + "/assignable-roles?kind=group&subject=" + analysts).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(Map.of("id", "reporter", "reason", "source_managed")), page.getList("excluded"));
        assertTrue(page.getList("items.id").contains("engineer"));
        as(owner).header("If-None-Match", "*").body(Map.of()).put(base + "/groups/" + analysts + "/roles/reporter").then()
                .statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("source_managed")).body("reason", equalTo("source_managed"));
        as(owner).body(Map.of()).put(base + "/groups/" + analysts + "/roles/reporter").then()
                .statusCode(409).body("reason", equalTo("source_managed"));
        as(owner).header("If-None-Match", "*").body(Map.of()).put(base + "/groups/" + analysts + "/roles/engineer").then()
                .statusCode(201);
        // another LDAP group is not managed for a role mapped to a group it is not
        assertEquals(List.of(), as(owner).get(base + "/assignable-roles?kind=group&subject=" + engineering).then().statusCode(200)
                .extract().jsonPath().getList("excluded"));
        // a synced user is never managed: an admin's grant of a mapped role stands beside the sync's
        as(owner).get(base + "/assignable-roles?subject=bob").then().statusCode(200)
                .body("excluded", equalTo(List.of()));
        as(owner).header("If-None-Match", "*").body(Map.of()).put(base + "/users/bob/roles/reporter").then().statusCode(201);
    }
}
