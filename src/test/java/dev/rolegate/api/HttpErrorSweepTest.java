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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6, swept over every path of the served OpenAPI document (a new endpoint is swept
 * without touching this test), for an existing account and its owner's token:
 * <ul>
 *   <li>every method a path does not serve is a 405 {@code method_not_allowed} problem whose
 *       {@code Allow} header lists exactly the documented methods (with HEAD for GET and OPTIONS,
 *       which JAX-RS answers itself), also without a token;</li>
 *   <li>every integer or boolean query parameter given {@code abc} is a 400 {@code invalid_request}
 *       naming the parameter ({@code errors[0].pointer} {@code #name}), never the 404 of JAX-RS.</li>
 * </ul>
 */
@QuarkusTest
class HttpErrorSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

    private String account;
    private Map<String, String> values;
    private JsonNode paths;

    @BeforeEach
    void document() throws Exception {
        account = Api.createAccount("sweep405");
        values = Map.ofEntries(
                Map.entry("account", account),
                Map.entry("role", "viewer"),
                Map.entry("user", "owner@" + account + ".test"),
                Map.entry("group", "g1"),
                Map.entry("permission", "report.view"),
                Map.entry("operation", "report.rename"),
                Map.entry("run", "00000000-0000-0000-0000-000000000000"),
                Map.entry("tokenId", "abcdefghijkl"),
                Map.entry("id", "00000000-0000-0000-0000-000000000000"),
                Map.entry("name", "User"),
                Map.entry("urn", "urn:ietf:params:scim:schemas:core:2.0:User"));
        paths = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString()).get("paths");
    }

    @Test
    void everyMethodAPathDoesNotServeIs405WithAllowListingTheServedOnes() throws Exception {
        List<String> failures = new ArrayList<>();
        int swept = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            Set<String> documented = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT)));
            Set<String> allow = new TreeSet<>(documented);
            if (documented.contains("GET")) {
                allow.add("HEAD");
            }
            allow.add("OPTIONS");
            String target = CrossAccountSweepTest.expand(path.getKey(), values);
            for (String method : METHODS) {
                if (documented.contains(method)) {
                    continue;
                }
                for (RequestSpecification spec : List.of(as(Tokens.admin(account)), given())) {
                    Response r = spec.body("{}").contentType("application/json").request(method, target);
                    String problem = methodNotAllowed(r, method, allow);
                    if (problem != null) {
                        failures.add(method + " " + target + " → " + r.statusCode() + " Allow=" + r.header("Allow")
                                + " " + r.asString() + " [" + problem + "]");
                    }
                    swept++;
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(swept >= 200, "swept " + swept);
    }

    @Test
    void everyIntegerOrBooleanQueryParameterOfTheWrongTypeIs400NamingIt() {
        List<String> failures = new ArrayList<>();
        int swept = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    String type = parameter.path("schema").path("type").asText();
                    if (!parameter.path("in").asText().equals("query") || !(type.equals("integer") || type.equals("boolean"))) {
                        continue;
                    }
                    String name = parameter.path("name").asText();
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    String target = CrossAccountSweepTest.expand(path.getKey(), values);
                    Response r = as(Tokens.admin(account)).body("{}").queryParam(name, "abc").request(method, target);
                    String expected = type.equals("integer") ? "an integer" : "true or false";
                    if (r.statusCode() != 400 || !r.contentType().startsWith("application/problem+json")
                            || !"invalid_request".equals(r.jsonPath().getString("code"))
                            || !("#" + name).equals(r.jsonPath().getString("errors[0].pointer"))
                            || !(name + " must be " + expected + ", got 'abc'").equals(r.jsonPath().getString("detail"))) {
                        failures.add(method + " " + target + "?" + name + "=abc → " + r.statusCode() + " " + r.asString());
                    }
                    swept++;
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(swept >= 14, "swept " + swept);
    }

    /** What is wrong with the answer to a method the path does not serve, or null. */
    private static String methodNotAllowed(Response r, String method, Set<String> allow) throws Exception {
        if (r.statusCode() != 405 || r.contentType() == null || !r.contentType().startsWith("application/problem+json")) {
            return "expected a 405 problem";
        }
        JsonNode body = JSON.readTree(r.asString());
        if (!"method_not_allowed".equals(body.path("code").textValue()) || body.path("status").intValue() != 405) {
            return "expected code method_not_allowed";
        }
        String header = r.header("Allow");
        Set<String> listed = new TreeSet<>();
        if (header != null) {
            for (String m : header.split(",")) {
                listed.add(m.trim());
            }
        }
        if (!listed.equals(allow)) {
            return "expected Allow " + allow;
        }
        if (!body.path("detail").asText().equals(method + " is not served at this path; it answers " + header + ".")) {
            return "detail";
        }
        return null;
    }
}
