package dev.rolegate.account;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 5: the role × permission matrix and each role's difference to the template, through HTTP. */
@QuarkusTest
class RoleMatrixApiTest {

    private static JsonPath matrix(String account) {
        return admin(account).get("/v1/accounts/" + account + "/matrix").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aNewAccountIsItsTemplateRoleByRole() {
        String a = Api.createAccount("matrix");
        JsonPath m = matrix(a);
        long revision = admin(a).get("/v1/accounts/" + a).then().extract().jsonPath().getLong("revision");
        assertEquals(revision, m.getLong("revision"));
        assertEquals("saas-analytics", m.getString("template"));
        assertEquals(List.of("admin", "analyst", "owner", "viewer"), m.getList("roles.id"));
        assertEquals(List.of("same", "same", "same", "same"), m.getList("roles.template.status"));
        assertEquals(List.of(), m.getList("removedTemplateRoles"));

        Map<String, Object> viewer = m.getMap("roles.find { it.id == 'viewer' }");
        assertEquals(List.of("dashboard.view", "definitions.view", "report.view"), viewer.get("own"));
        assertEquals(List.of(), viewer.get("inherited"));
        // report.export_csv needs report.view and data.export: not the viewer's
        assertEquals(List.of("dashboard.list", "dashboard.open", "definition.list", "definition.open", "report.list",
                "report.open", "report.view_results"), viewer.get("operations"));

        Map<String, Object> analyst = m.getMap("roles.find { it.id == 'analyst' }");
        assertEquals(List.of("viewer"), analyst.get("inherits"));
        assertEquals(List.of("dashboard.edit", "dashboard.share", "dashboard.view", "data.export", "report.edit", "report.share"),
                analyst.get("own"));
        assertEquals(List.of("definitions.view", "report.view"), analyst.get("inherited"));
        assertTrue(((List<?>) analyst.get("operations")).contains("report.export_csv"));
        // report.share_to_slack also needs integrations.use, which the analyst lacks
        assertTrue(!((List<?>) analyst.get("operations")).contains("report.share_to_slack"));

        Map<String, Object> owner = m.getMap("roles.find { it.id == 'owner' }");
        assertEquals(List.of("*"), owner.get("grants"));
        assertEquals(m.getList("permissions.name"), owner.get("own"));
        assertTrue(((List<?>) owner.get("own")).contains("rbac.roles.read"));
    }

    @Test
    void changedCustomAndRemovedRolesShowAgainstTheTemplate() {
        String a = Api.createAccount("matrix-diff");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("permissions", List.of("report.view", "dashboard.view", "billing.view"))).put(base + "/roles/viewer")
                .then().statusCode(200);
        admin(a).body(Map.of("permissions", List.of("billing.*"))).put(base + "/roles/finance").then().statusCode(201);
        admin(a).delete(base + "/roles/analyst?cascade=true").then().statusCode(204);
        // a permission added to the catalog: the owner's '*' covers it here, and would in the template's owner too
        admin(a).body(Map.of("operations", List.of("audit.view"))).put(base + "/permissions/audit.view").then().statusCode(201);

        JsonPath m = matrix(a);
        assertEquals(List.of("admin", "finance", "owner", "viewer"), m.getList("roles.id"));
        assertEquals(List.of("analyst"), m.getList("removedTemplateRoles"));
        Map<String, Object> viewer = m.getMap("roles.find { it.id == 'viewer' }.template");
        assertEquals(Map.of("status", "changed", "added", List.of("billing.view"), "removed", List.of("definitions.view")), viewer);
        assertEquals(Map.of("status", "custom", "added", List.of(), "removed", List.of()), m.getMap("roles.find { it.id == 'finance' }.template"));
        assertEquals(List.of("billing.manage", "billing.view"), m.getList("roles.find { it.id == 'finance' }.own"));
        assertEquals("same", m.getString("roles.find { it.id == 'owner' }.template.status"));
        // admin no longer inherits analyst (the cascade took the link): it lost what analyst brought
        Map<String, Object> adminDiff = m.getMap("roles.find { it.id == 'admin' }.template");
        assertEquals("changed", adminDiff.get("status"));
        assertEquals(List.of("dashboard.edit", "dashboard.share", "dashboard.view", "data.export", "definitions.view",
                "report.edit", "report.share", "report.view"), adminDiff.get("removed"));
        assertTrue(m.getList("permissions.name").contains("audit.view"));
    }

    @Test
    void theMatrixIsAnAdminCallOfItsAccount() {
        String a = Api.createAccount("matrix-auth");
        Api.as(Tokens.check(a)).get("/v1/accounts/" + a + "/matrix").then().statusCode(403)
                .contentType("application/problem+json");
        Api.as(Tokens.admin(Api.createAccount("matrix-other"))).get("/v1/accounts/" + a + "/matrix").then().statusCode(403);
        String ghost = Api.newAccountId("matrix-ghost");
        Api.as(Tokens.admin(ghost)).get("/v1/accounts/" + ghost + "/matrix").then().statusCode(404)
                .body("code", equalTo("account_not_found"));
    }
}
