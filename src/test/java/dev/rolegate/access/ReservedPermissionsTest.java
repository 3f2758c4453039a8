package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code rbac.*} permissions can be granted but never redefined or deleted through
 * the admin API. Otherwise an admin who may write roles (the template's {@code admin}) could
 * empty {@code rbac.sso.write} of {@code rbac.sso.put} and list that operation under a
 * permission they hold, then point the account's SAML at an IdP of their own: an escalation to
 * owner. The test failed (200 to every call) before the built-in names were refused.
 */
@QuarkusTest
class ReservedPermissionsTest {

    @Test
    void anAdminCannotRedefineOrDeleteABuiltInPermission() {
        String a = Api.createAccount("reserved");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/users/adam").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/users/adam/roles/admin").then().statusCode(201);
        String adam = Tokens.admin(a, "adam");

        as(adam).body(Map.of("operations", List.of())).put(base + "/permissions/rbac.sso.write").then()
                .statusCode(403).body("code", equalTo("reserved_permission"));
        as(adam).body(Map.of("operations", List.of("rbac.roles.put", "rbac.sso.put")))
                .put(base + "/permissions/rbac.roles.write").then()
                .statusCode(403).body("code", equalTo("reserved_permission"));
        as(adam).body(Map.of("operations", List.of("rbac.sso.put"))).put(base + "/permissions/rbac.custom").then()
                .statusCode(403).body("code", equalTo("reserved_permission"));
        as(adam).delete(base + "/permissions/rbac.audit.read").then()
                .statusCode(403).body("code", equalTo("reserved_permission"));
        // the owner, who holds everything, may not either: the catalog is the product's, not the account's
        as(owner).body(Map.of("operations", List.of())).put(base + "/permissions/rbac.sso.write").then()
                .statusCode(403).body("code", equalTo("reserved_permission"));

        // nothing changed: the built-in still covers its operation, and adam still may not configure SSO
        as(owner).get(base + "/permissions/rbac.sso.write").then().statusCode(200)
                .body("operations", hasItem("rbac.sso.put"));
        as(adam).body(Map.of()).put(base + "/sso/saml").then().statusCode(403);
    }
}
