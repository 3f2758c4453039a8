package dev.rolegate.api;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 3: a value of the wrong JSON type is a 400 {@code invalid_request} whose
 * {@code errors[0].pointer} names the field, in every request body, and is never converted
 * (a number for a string or a name, a float or a string for an integer, a string or a number
 * for a boolean); nothing is written.
 */
@QuarkusTest
class StrictJsonTest {

    private String account;
    private String base;

    /** One wrongly typed body: where it goes, what it is, which field is wrong and how. */
    private record Case(String method, String path, String body, String pointer, String message) {
    }

    @BeforeEach
    void account() {
        account = Api.createAccount("strict");
        base = "/v1/accounts/" + account;
    }

    @Test
    void everyWronglyTypedFieldIsA400NamingItsPointer() {
        String owner = "owner@" + account + ".test";
        List<Case> cases = List.of(
                new Case("POST", "/check", "{\"subject\":12,\"operation\":\"report.open\"}", "/subject", "must be a string"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"atLeastRevision\":1.7}",
                        "/atLeastRevision", "must be an integer"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"atLeastRevision\":2.0}",
                        "/atLeastRevision", "must be an integer"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"atLeastRevision\":\"5\"}",
                        "/atLeastRevision", "must be an integer"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"atLeastRevision\":99999999999999999999}",
                        "/atLeastRevision", "is out of range for an integer"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"explain\":\"yes\"}",
                        "/explain", "must be true or false"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":\"report.open\",\"explain\":1}",
                        "/explain", "must be true or false"),
                new Case("POST", "/check", "{\"subject\":\"u\",\"operation\":true}", "/operation", "must be a string"),
                new Case("POST", "/check/batch", "{\"checks\":[{\"subject\":\"u\",\"operation\":\"a\"},{\"subject\":7,\"operation\":\"a\"}]}",
                        "/checks/1/subject", "must be a string"),
                new Case("POST", "/check/batch", "{\"checks\":[{\"subject\":\"u\",\"operation\":\"a\"}],\"atLeastRevision\":\"3\"}",
                        "/atLeastRevision", "must be an integer"),
                new Case("PUT", "/roles/typed", "{\"permissions\":[12]}", "/permissions/0", "must be a string"),
                new Case("PUT", "/roles/typed", "{\"permissions\":\"report.view\"}", "/permissions", "must be an array"),
                new Case("PUT", "/roles/typed", "{\"permissions\":[],\"inherits\":[false]}", "/inherits/0", "must be a string"),
                new Case("PUT", "/roles/typed", "{\"description\":5,\"permissions\":[]}", "/description", "must be a string"),
                new Case("PUT", "/permissions/typed.view", "{\"operations\":[1.5]}", "/operations/0", "must be a string"),
                new Case("PUT", "/users/typed@x.test", "{\"email\":12}", "/email", "must be a string"),
                new Case("PUT", "/users/typed@x.test", "{\"status\":1}", "/status", "must be a string"),
                new Case("PUT", "/groups/typed", "{\"displayName\":[]}", "/displayName", "must be a string"),
                new Case("PUT", "/users/" + owner + "/roles/viewer", "{\"expiresAt\":1893456000}", "/expiresAt", "must be a string"),
                new Case("PUT", "/users/" + owner + "/break-glass/viewer", "{\"reason\":true}", "/reason", "must be a string"),
                new Case("POST", "/directory/ldap/sync", "{\"dryRun\":\"true\"}", "/dryRun", "must be true or false"),
                new Case("PUT", "/sso/saml", "{\"jitProvisioning\":0}", "/jitProvisioning", "must be true or false"),
                new Case("PUT", "/sso/saml", "{\"groupRoles\":{\"cn=a/b~c\":12}}", "/groupRoles/cn=a~1b~0c", "must be an array"),
                new Case("POST", "/import", "{\"format\":\"rolegate.account-export\",\"version\":\"1\"}", "/version", "must be an integer"),
                new Case("POST", "/sso/token", "{\"code\":123456}", "/code", "must be a string"),
                new Case("PUT", "/directory/ldap", "{\"url\":\"ldaps://ldap.example.test\",\"startTls\":\"false\"}",
                        "/startTls", "must be true or false"),
                new Case("PUT", "/directory/ldap", "{\"url\":\"ldaps://ldap.example.test\",\"maxRemovalPercent\":\"10\"}",
                        "/maxRemovalPercent", "must be an integer"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Response r = as(Tokens.admin(account)).body(c.body()).request(c.method(), base + c.path());
            String problem = r.statusCode() != 400 ? "status"
                    : !r.contentType().startsWith("application/problem+json") ? "content type"
                    : !"invalid_request".equals(r.jsonPath().getString("code")) ? "code"
                    : !c.pointer().equals(r.jsonPath().getString("errors[0].pointer")) ? "pointer"
                    : !c.message().equals(r.jsonPath().getString("errors[0].message")) ? "message"
                    : !("The field " + c.pointer() + " " + c.message() + ".").equals(r.jsonPath().getString("detail")) ? "detail"
                    : null;
            if (problem != null) {
                failures.add(c.method() + " " + c.path() + " " + c.body() + " → " + r.statusCode() + " " + r.asString()
                        + " [" + problem + "]");
            }
        }
        assertEquals(List.of(), failures);
        // nothing was written by any of them
        as(Tokens.admin(account)).get(base + "/roles/typed").then().statusCode(404);
        as(Tokens.admin(account)).get(base + "/permissions/typed.view").then().statusCode(404);
        as(Tokens.admin(account)).get(base + "/users/typed@x.test").then().statusCode(404);
        as(Tokens.admin(account)).get(base + "/groups/typed").then().statusCode(404);
        as(Tokens.admin(account)).get(base + "/users/" + owner + "/roles/viewer").then().statusCode(404);
    }

    @Test
    void aNumberForANameInAPlatformCallIsRefusedToo() {
        as(Tokens.platform()).body("{\"id\":12345,\"name\":\"N\",\"template\":\"saas-analytics\",\"owner\":\"o@x.test\"}")
                .post("/v1/accounts").then().statusCode(400).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("invalid_request"))
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/id"));
        as(Tokens.platform()).get("/v1/accounts/12345").then().statusCode(404);
    }

    @Test
    void rightlyTypedValuesStillWork() {
        // an integer for an integer, a boolean for a boolean, null for an optional field
        as(Tokens.admin(account)).body("{\"subject\":\"owner@" + account + ".test\",\"operation\":\"report.open\","
                        + "\"atLeastRevision\":0,\"explain\":false,\"permission\":null}")
                .post(base + "/check").then().statusCode(200).body("allowed", org.hamcrest.Matchers.equalTo(true));
    }
}
