package dev.rolegate.api;

import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 4: every operation of the served OpenAPI document (so a new endpoint is swept
 * without touching this test) is called for an account that does not exist, with validly signed
 * tokens of that account (admin, check, both scopes) and a platform token. Admin calls answer
 * 404 {@code account_not_found} and nothing else; a check answers its documented decision (200,
 * {@code "allowed": false}, reason {@code unknown_account}, docs/check-semantics.md); a platform
 * token is refused with 403 as for any account; the unauthenticated SAML endpoints answer a 4xx
 * problem. Never a 5xx, and no answer echoes the account id.
 */
@QuarkusTest
class MissingAccountSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The only members an {@code account_not_found} answer may carry: nothing else is revealed. */
    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "code");

    @Test
    void everyOperationOfTheDocumentAnswers404AccountNotFoundForAMissingAccount() throws Exception {
        String missing = Api.newAccountId("ghost");
        Map<String, String> values = Map.ofEntries(
                Map.entry("account", missing),
                Map.entry("role", "viewer"),
                Map.entry("user", "u1"),
                Map.entry("group", "g1"),
                Map.entry("permission", "report.view"),
                Map.entry("operation", "report.rename"),
                Map.entry("run", "00000000-0000-0000-0000-000000000000"),
                Map.entry("tokenId", "abcdefghijkl"),
                Map.entry("id", "00000000-0000-0000-0000-000000000000"),
                Map.entry("name", "User"),
                Map.entry("urn", "urn:ietf:params:scim:schemas:core:2.0:User"));
        Map<String, String> accountTokens = Map.of(
                "admin", Tokens.admin(missing),
                "check", Tokens.check(missing),
                "admin+check", Tokens.of(missing, Tokens.adminSubject(missing), "rbac:admin rbac:check"));

        JsonNode doc = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
        List<String> failures = new ArrayList<>();
        int swept = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().contains("{account}")) {
                continue; // account creation and the JWKS: no account in the path
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().has("responses")) {
                    continue;
                }
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                String template = path.getKey();
                String target = CrossAccountSweepTest.expand(template, values);
                if (!template.startsWith("/v1/")) {
                    // browser and IdP endpoints, no token: a 4xx problem, never a 5xx, no echo
                    Response r = withBody(given(), method, template).request(method, target);
                    // SCIM answers its own Error schema (RFC 7644 §3.12): 401, no account without its token
                    boolean typed = r.contentType().startsWith("application/problem+json")
                            || (template.startsWith("/scim/") && r.contentType().startsWith("application/scim+json"));
                    if (r.statusCode() < 400 || r.statusCode() >= 500 || !typed || echoes(r, missing)) {
                        failures.add(method + " " + target + " (no token) → " + r.statusCode() + " " + r.asString());
                    }
                    swept++;
                    continue;
                }
                for (Map.Entry<String, String> token : accountTokens.entrySet()) {
                    Response r = withBody(as(token.getValue()), method, template).request(method, target);
                    String problem = isCheck(template) ? checkProblem(r, template) : notFoundProblem(r, missing);
                    if (problem != null || echoes(r, missing)) {
                        failures.add(method + " " + target + " (" + token.getKey() + ") → " + r.statusCode() + " "
                                + r.asString() + (problem == null ? "" : " [" + problem + "]"));
                    }
                    swept++;
                }
                // a platform token has no account: refused like any other account's token, except
                // where the platform scope is honoured (reading an account, making a console link, the
                // console's framing and brand)
                Response r = withBody(as(Tokens.platform()), method, template).request(method, target);
                boolean platformCall = method.equals("GET") && template.equals("/v1/accounts/{account}")
                        || method.equals("POST") && template.equals("/v1/accounts/{account}/console/sessions")
                        || template.equals("/v1/accounts/{account}/console/settings"); // the vendor frames and brands it
                String problem = platformCall ? notFoundProblem(r, missing)
                        : r.statusCode() == 403 && "forbidden".equals(r.jsonPath().getString("code")) ? null : "expected 403 forbidden";
                if (problem != null || echoes(r, missing)) {
                    failures.add(method + " " + target + " (platform) → " + r.statusCode() + " " + r.asString());
                }
                swept++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(swept >= 190, "swept " + swept);
        // and the sweep created nothing: the account still does not exist
        as(Tokens.admin(missing)).get("/v1/accounts/" + missing).then().statusCode(404);
    }

    private static boolean isCheck(String template) {
        return template.endsWith("/check") || template.endsWith("/check/batch");
    }

    /** Whether the answer carries the account id other than in the detail of {@code account_not_found}. */
    private static boolean echoes(Response r, String account) {
        return r.asString().replace("No account '" + account + "'.", "").contains(account);
    }

    /** What is wrong with an admin call's answer, or null when it is a bare 404 account_not_found. */
    private static String notFoundProblem(Response r, String account) throws Exception {
        if (r.statusCode() != 404 || !r.contentType().startsWith("application/problem+json")) {
            return "expected a 404 problem";
        }
        JsonNode body = JSON.readTree(r.asString());
        if (!"account_not_found".equals(body.path("code").textValue())
                || !("No account '" + account + "'.").equals(body.path("detail").textValue())) {
            return "expected code account_not_found, detail naming only the account";
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PROBLEM_MEMBERS.contains(name)) {
                return "reveals " + name;
            }
        }
        return null;
    }

    /** A check of a missing account is a decision, not an error (docs/check-semantics.md). */
    private static String checkProblem(Response r, String template) throws Exception {
        if (r.statusCode() != 200) {
            return "expected 200";
        }
        JsonNode body = JSON.readTree(r.asString());
        JsonNode decision = template.endsWith("/batch") ? body.path("results").path(0) : body;
        if (!decision.path("allowed").isBoolean() || decision.path("allowed").booleanValue()
                || !"unknown_account".equals(decision.path("reason").textValue())) {
            return "expected allowed false, reason unknown_account";
        }
        return null;
    }

    private static RequestSpecification withBody(RequestSpecification spec, String method, String template) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return spec;
        }
        Map<String, String> check = Map.of("subject", "u1", "operation", "report.rename");
        if (template.endsWith("/check/batch")) {
            return spec.body(Map.of("checks", List.of(check)));
        }
        if (template.endsWith("/check")) {
            return spec.body(check);
        }
        if (template.endsWith("/acs")) {
            return spec.contentType("application/x-www-form-urlencoded").formParam("SAMLResponse", "PHg+PC94Pg==");
        }
        return spec.body(Map.of());
    }
}
