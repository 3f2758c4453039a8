package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1: SAML {@code defaultRoles} and {@code groupRoles} assign roles at every login,
 * so writing them needs every permission of the roles a change adds or removes.
 */
@QuarkusTest
class SamlMappingEscalationTest {

    @Test
    void anSsoAdminMayNotMapOrUnmapRolesBeyondWhatHeHolds() {
        String a = Api.createAccount("noesc-saml");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of("permissions", List.of("rbac.sso.write", "report.view", "dashboard.view", "definitions.view")))
                .put(base + "/roles/sso-admin").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/sam").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/sam/roles/sso-admin").then().statusCode(201);
        String sam = Tokens.admin(a, "sam");

        // viewer is within what sam holds; owner through a group or by default is not
        as(sam).body(SamlSsoApiTest.config(Map.of("groupRoles", Map.of("staff", List.of("viewer")), "defaultRoles", List.of())))
                .put(base + "/sso/saml").then().statusCode(201);
        as(sam).body(SamlSsoApiTest.config(Map.of("groupRoles", Map.of("staff", List.of("owner")), "defaultRoles", List.of())))
                .put(base + "/sso/saml").then().statusCode(403).body("code", equalTo("forbidden"))
                .body("detail", containsString("billing.manage"));
        as(sam).body(SamlSsoApiTest.config(Map.of("groupRoles", Map.of(), "defaultRoles", List.of("analyst"))))
                .put(base + "/sso/saml").then().statusCode(403).body("detail", containsString("report.edit"));
        // once the owner maps admins → admin, sam may not drop that mapping
        as(owner).body(SamlSsoApiTest.config(Map.of("groupRoles", Map.of("admins", List.of("admin")), "defaultRoles", List.of())))
                .put(base + "/sso/saml").then().statusCode(200);
        as(sam).body(SamlSsoApiTest.config(Map.of("groupRoles", Map.of(), "defaultRoles", List.of())))
                .put(base + "/sso/saml").then().statusCode(403).body("detail", containsString("users.manage"));
        as(owner).get(base + "/sso/saml").then().statusCode(200).body("groupRoles.admins", equalTo(List.of("admin")));
    }
}
