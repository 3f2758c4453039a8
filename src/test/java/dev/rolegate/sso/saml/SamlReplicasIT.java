package dev.rolegate.sso.saml;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.replica.SharedDatabaseReplicas;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one database: an assertion accepted by one is refused as replayed
 * by the other, and a login code issued by one is exchanged at the other for a JWT that both
 * JWKS documents verify (the session key is shared through the database).
 */
class SamlReplicasIT {

    private static final String BASE = "https://rolegate.example.test";
    private static final String APP = "https://app.example.test/after-login";
    private static SharedDatabaseReplicas replicas;

    @BeforeAll
    static void start() throws Exception {
        replicas = SharedDatabaseReplicas.start(List.of("saml-a", "saml-b"),
                Map.of("ROLEGATE_SSO_PUBLIC_BASE_URL", BASE, "ROLEGATE_SSO_ISSUER", "rolegate-it-sso"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void anAssertionAcceptedByOneInstanceIsReplayedAtTheOther() throws Exception {
        String account = "saml-replicas";
        String a = replicas.baseUri(0);
        String b = replicas.baseUri(1);
        given().baseUri(a).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + replicas.token(null, "platform", "rbac:platform"))
                .body(Map.of("id", account, "name", "SAML replicas", "template", "saas-analytics", "owner", "admin"))
                .post("/v1/accounts").then().statusCode(201);
        given().baseUri(a).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + replicas.token(account, "admin", "rbac:admin"))
                .body(Map.of("idpMetadataXml", TestIdp.metadataXml(TestIdp.KEY), "emailAttribute", "email",
                        "groupsAttribute", "groups", "groupRoles", Map.of("engineering", List.of("analyst")),
                        "jitProvisioning", true, "allowIdpInitiated", true, "redirectUrls", List.of(APP)))
                .put("/v1/accounts/" + account + "/sso/saml").then().statusCode(201);

        // the instances run on the real clock
        Instant now = Instant.now();
        TestIdp.Spec spec = new TestIdp.Spec().unsolicited();
        spec.destination = BASE + "/saml/" + account + "/acs";
        spec.recipient = spec.destination;
        spec.audience = BASE + "/saml/" + account + "/metadata";
        spec.issueInstant = now.minusSeconds(1);
        spec.authnInstant = now.minusSeconds(10);
        spec.notBefore = now.minusSeconds(30);
        spec.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        spec.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
        String samlResponse = TestIdp.encoded(spec, TestIdp.Signing.assertionOnly());

        Response first = acs(a, account, samlResponse);
        assertEquals(302, first.statusCode(), first.asString());
        acs(b, account, samlResponse).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        Path log = Path.of("target", "it-logs", "saml-b.log");
        assertTrue(Files.readString(log).contains("replayed (this assertion ID was accepted before)"
                ), "instance b logs the typed reason");

        // the code from a is exchanged at b; both publish the same session key
        String location = first.getHeader("Location");
        String code = location.substring(location.indexOf("code=") + "code=".length());
        given().baseUri(b).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + replicas.token(account, "app", "rbac:check"))
                .body(Map.of("code", code)).post("/v1/accounts/" + account + "/sso/token").then()
                .statusCode(200).body("user.id", equalTo("alice@example.test"));
        String jwksA = given().baseUri(a).get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String jwksB = given().baseUri(b).get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        assertEquals(jwksA, jwksB);
    }

    private static Response acs(String baseUri, String account, String samlResponse) {
        return given().baseUri(baseUri).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("SAMLResponse", samlResponse).post("/saml/" + account + "/acs");
    }
}
