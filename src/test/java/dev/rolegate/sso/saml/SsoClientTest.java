package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.client.RolegateClient;
import dev.rolegate.client.RolegateException;
import dev.rolegate.client.SsoSession;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java client's SSO token exchange against the running service: a login at the ACS with a
 * response of the {@link TestIdp} gives a code, the client exchanges it once for a session JWT,
 * and the logged-in user's roles answer the client's checks. (Here, not in
 * {@code dev.rolegate.client}, because the test IdP is package-private.)
 */
@QuarkusTest
class SsoClientTest {

    @Inject
    SettableClock clock;

    @Test
    void theClientExchangesALoginCodeOnceForASession() {
        clock.set(TestIdp.NOW);   // the test IdP's assertions are valid around this instant
        try {
            exchangeOnceAndCheck();
        } finally {
            clock.reset();
        }
    }

    private void exchangeOnceAndCheck() {
        String a = Api.createAccount("sso-client");
        admin(a).body(SamlSsoApiTest.config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + a + "/sso/saml")
                .then().statusCode(201);
        Response acs = SamlSsoApiTest.postAcs(a, SamlSsoApiTest.groupsLogin(a, List.of("engineering")));
        assertEquals(302, acs.statusCode(), acs.asString());
        String code = SamlSsoApiTest.codeOf(acs);

        RolegateClient client = RolegateClient.builder().baseUri("http://localhost:" + RestAssured.port)
                .token(Tokens.check(a)).build();
        SsoSession session = client.exchangeSsoCode(a, code);
        assertEquals("alice@example.test", session.userId());
        assertEquals("alice@example.test", session.email().orElseThrow());
        assertEquals("Alice Example", session.displayName().orElseThrow());
        assertEquals(TestIdp.NOW.plus(Duration.ofHours(1)), session.expiresAt());
        assertEquals(3, session.token().split("\\.").length, "a compact JWS");
        assertFalse(session.toString().contains(session.token()));

        RolegateException again = assertThrows(RolegateException.class, () -> client.exchangeSsoCode(a, code));
        assertEquals(400, again.status());
        assertEquals("invalid_sso_code", again.code());
        assertEquals(1, again.attempts());

        // engineering → analyst, and the default role viewer
        assertTrue(client.check(a, session.userId(), "report.rename").allowed());
        assertTrue(client.check(a, session.userId(), "report.open").allowed());
        assertFalse(client.check(a, session.userId(), "billing.cancel").allowed());
    }
}
