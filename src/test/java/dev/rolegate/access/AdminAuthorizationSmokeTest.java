package dev.rolegate.access;

import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: the one filter stands in front of the real endpoints, with the account's
 * snapshot from the database. A few endpoints only; {@link AdminAuthorizationTest} holds the
 * declaration of every endpoint and the decision for every kind of caller.
 */
@QuarkusTest
class AdminAuthorizationSmokeTest {

    @Test
    void theFilterAllowsRefusesAndAuthenticatesBeforeAnyEndpointRuns() {
        String a = Api.createAccount("smoke");
        String base = "/v1/accounts/" + a;
        // allowed: the owner holds the whole rbac.* catalog; a platform token may read the account
        as(Tokens.admin(a)).get(base + "/roles").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem("viewer"));
        as(Tokens.platform()).get(base).then().statusCode(200).body("id", equalTo(a));
        as(Tokens.check(a)).get(base + "/changes?limit=1").then().statusCode(200);
        // denied, 403 problem+json naming what is missing, before the body is read (this one is no JSON)
        as(Tokens.admin(a, "stranger@" + a + ".test")).body("{not json").put(base + "/roles/x").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", containsString("not a user of this account"));
        as(Tokens.check(a)).get(base + "/audit").then().statusCode(403).body("detail", containsString("rbac:admin"));
        as(Tokens.admin(a)).body(Map.of("id", "x", "name", "X", "template", "blank")).post("/v1/accounts").then()
                .statusCode(403).body("detail", containsString("rbac:platform"));
        as(Tokens.admin("other-" + a)).get(base + "/roles").then().statusCode(403)
                .body("detail", containsString("not valid for this account"));
        // a token of an account that does not exist learns that it does not
        as(Tokens.admin("gone-" + a)).get("/v1/accounts/gone-" + a + "/roles").then().statusCode(404)
                .body("code", equalTo("account_not_found"));
        // no token: 401 with a challenge, even where the operation is declared
        given().get(base + "/roles").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json");
        given().body("{}").post(base + "/check").then().statusCode(401);
    }
}
