package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 8: session JWTs carry the account's issuer and the app's client id as
 * {@code aud}, so an app that verifies sessions as docs/saml.md "Verifying a session" says
 * (SmallRye JWT here, with the service's JWKS URL, as an app would) accepts its own account's
 * sessions and refuses another account's, although one key signs them all.
 */
@QuarkusTest
class SessionVerificationTest {

    static final String ISSUER = "rolegate-test-sso";

    @Inject
    SettableClock clock;

    @BeforeEach
    void systemTime() {
        // the verifier checks exp against the real time, so the whole login runs on it
        clock.reset();
    }

    @Test
    void aSessionOfAccountBIsRefusedByAVerifierOfAccountA() throws Exception {
        String a = Api.createAccount("sess-a");
        String b = Api.createAccount("sess-b");
        admin(a).body(SamlSsoApiTest.config(Map.of("allowIdpInitiated", true, "clientId", "app-of-a")))
                .put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201)
                .body("clientId", equalTo("app-of-a"))
                .body("sessionIssuer", equalTo(ISSUER + "/accounts/" + a))
                .body("sessionAudience", equalTo("app-of-a"))
                .body("jwksUrl", equalTo(SamlSsoApiTest.BASE + "/.well-known/jwks.json"));
        // no clientId: the audience is the account id
        admin(b).body(SamlSsoApiTest.config(Map.of("allowIdpInitiated", true)))
                .put("/v1/accounts/" + b + "/sso/saml").then().statusCode(201)
                .body("sessionAudience", equalTo(b));

        String sessionOfA = session(a);
        String sessionOfB = session(b);
        DefaultJWTParser verifierOfA = verifier(ISSUER + "/accounts/" + a, "app-of-a");

        JsonWebToken accepted = verifierOfA.parse(sessionOfA);
        assertEquals(a, accepted.getClaim("account"));
        assertEquals(Set.of("app-of-a"), accepted.getAudience());
        assertEquals("alice@example.test", accepted.getSubject());
        assertThrows(ParseException.class, () -> verifierOfA.parse(sessionOfB));

        // each check refuses it on its own: B's issuer with A's audience, and A's issuer with B's audience
        assertThrows(ParseException.class, () -> verifier(ISSUER + "/accounts/" + b, "app-of-a").parse(sessionOfB));
        assertThrows(ParseException.class, () -> verifier(ISSUER + "/accounts/" + a, b).parse(sessionOfB));
        JsonWebToken ofB = verifier(ISSUER + "/accounts/" + b, b).parse(sessionOfB);
        assertEquals(b, ofB.getClaim("account"));
    }

    @Test
    void aClientIdIsOptionalTextWithABound() {
        String a = Api.createAccount("sess-cid");
        String path = "/v1/accounts/" + a + "/sso/saml";
        admin(a).body(SamlSsoApiTest.config(Map.of("clientId", " "))).put(path).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/clientId"));
        admin(a).body(SamlSsoApiTest.config(Map.of("clientId", "x".repeat(256)))).put(path).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/clientId"));
        admin(a).get(path).then().statusCode(200).body("configured", equalTo(false));
    }

    /** What an app configures for one account: the JWKS URL, the issuer and its client id. */
    private static DefaultJWTParser verifier(String issuer, String audience) {
        JWTAuthContextInfo info = new JWTAuthContextInfo("http://localhost:" + RestAssured.port + "/.well-known/jwks.json", issuer);
        info.setExpectedAudience(Set.of(audience));
        return new DefaultJWTParser(info);
    }

    /** An IdP-initiated login into the account, its code exchanged by the app's backend. */
    private static String session(String account) {
        Instant now = Instant.now();
        TestIdp.Spec spec = SamlSsoApiTest.spec(account, null);
        spec.issueInstant = now.minusSeconds(1);
        spec.authnInstant = now.minusSeconds(10);
        spec.notBefore = now.minusSeconds(30);
        spec.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        spec.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
        spec.attributes.put("groups", List.of());
        Response acs = SamlSsoApiTest.postAcs(account, TestIdp.encoded(spec, TestIdp.Signing.assertionOnly()));
        assertEquals(302, acs.statusCode(), acs.asString());
        return as(Tokens.check(account)).body(Map.of("code", SamlSsoApiTest.codeOf(acs)))
                .post("/v1/accounts/" + account + "/sso/token").then().statusCode(200)
                .extract().jsonPath().getString("token");
    }
}
