package dev.rolegate.scim;

import static io.restassured.RestAssured.given;

import dev.rolegate.testing.Api;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Test shortcuts for SCIM: an account's SCIM token, requests as Okta and Entra ID send them. */
final class Scim {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private Scim() {
    }

    /** A new SCIM token of {@code account}, made by its owner through the admin API. */
    static String token(String account) {
        return Api.admin(account).post("/v1/accounts/" + account + "/scim/tokens").then().statusCode(201)
                .extract().jsonPath().getString("token");
    }

    /** Stores the account's SCIM settings through the admin API (201 the first time, 200 after). */
    static void settings(String account, Map<String, Object> settings) {
        Api.admin(account).body(settings).put("/v1/accounts/" + account + "/scim").then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    /** A SCIM request with {@code token}, its body {@code application/scim+json}. */
    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/scim+json");
    }

    static String base(String account) {
        return "/scim/v2/" + account;
    }

    /** A PatchOp message of {@code operations}. */
    static Map<String, Object> patch(List<Map<String, Object>> operations) {
        return Map.of("schemas", List.of(PATCH), "Operations", operations);
    }

    static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("op", op);
        if (path != null) {
            out.put("path", path);
        }
        if (value != null) {
            out.put("value", value);
        }
        return out;
    }

    /** The user an Okta-like IdP creates. */
    static Map<String, Object> user(String userName, String given, String family) {
        return Map.of("schemas", List.of(USER), "userName", userName, "active", true,
                "name", Map.of("givenName", given, "familyName", family),
                "emails", List.of(Map.of("primary", true, "value", userName, "type", "work")),
                "displayName", given + " " + family);
    }
}
