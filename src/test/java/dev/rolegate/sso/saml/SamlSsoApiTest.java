package dev.rolegate.sso.saml;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.sso.SamlLoginService;
import dev.rolegate.sso.SsoLoginRefused;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * SAML single sign-on through the HTTP API on the real PostgreSQL: configuration, SP metadata,
 * SP-initiated login end to end (login → AuthnRequest → signed response at the ACS → code →
 * session JWT verified with the JWKS → check), JIT provisioning, group → role sync with
 * provenance, default roles, disabled users, other accounts untouched, one-time codes and
 * assertion replay through the shared database. Responses come from {@link TestIdp}.
 */
@QuarkusTest
class SamlSsoApiTest {

    static final String BASE = "https://rolegate.example.test";
    static final String APP = "https://app.example.test/after-login";
    static final String APP_2 = "https://app.example.test/other?tab=1";

    @Inject
    SettableClock clock;

    @Inject
    SamlLoginService logins;

    @Inject
    EntityManager em;

    @BeforeEach
    void pinClock() {
        clock.set(TestIdp.NOW);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Map<String, Object> config(Map<String, Object> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idpMetadataXml", TestIdp.metadataXml(TestIdp.KEY));
        body.put("emailAttribute", "email");
        body.put("displayNameAttribute", "displayName");
        body.put("groupsAttribute", "groups");
        body.put("groupRoles", Map.of("engineering", List.of("analyst"), "admins", List.of("admin")));
        body.put("defaultRoles", List.of("viewer"));
        body.put("jitProvisioning", true);
        body.put("allowIdpInitiated", false);
        body.put("allowSha1", false);
        body.put("redirectUrls", List.of(APP, APP_2));
        body.putAll(overrides);
        return body;
    }

    static String acsUrl(String account) {
        return BASE + "/saml/" + account + "/acs";
    }

    static String spEntityId(String account) {
        return BASE + "/saml/" + account + "/metadata";
    }

    /** A response from the test IdP addressed to this account's SP; unsolicited unless a request ID is given. */
    static TestIdp.Spec spec(String account, String inResponseTo) {
        TestIdp.Spec spec = new TestIdp.Spec();
        spec.destination = acsUrl(account);
        spec.recipient = acsUrl(account);
        spec.audience = spEntityId(account);
        spec.inResponseTo = inResponseTo;
        spec.confirmationInResponseTo = inResponseTo;
        spec.attributes.put("displayName", List.of("Alice Example"));
        return spec;
    }

    static Response postAcs(String account, String samlResponse) {
        return postAcs(account, samlResponse, Map.of());
    }

    static Response postAcs(String account, String samlResponse, Map<String, String> cookies) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded").cookies(cookies)
                .formParam("SAMLResponse", samlResponse).post("/saml/" + account + "/acs");
    }

    static String codeOf(Response acs) {
        String location = acs.getHeader("Location");
        String query = URI.create(location).getRawQuery();
        for (String part : query.split("&")) {
            if (part.startsWith("code=")) {
                return part.substring("code=".length());
            }
        }
        throw new AssertionError("no code in " + location);
    }

    static String groupsLogin(String account, List<String> groups) {
        TestIdp.Spec spec = spec(account, null);
        spec.attributes.put("groups", groups);
        return TestIdp.encoded(spec, TestIdp.Signing.assertionOnly());
    }

    // ---- configuration -----------------------------------------------------------------------

    @Test
    void configurationIsStoredValidatedAndNamesTheSp() {
        String a = Api.createAccount("sso-cfg");
        String path = "/v1/accounts/" + a + "/sso/saml";
        admin(a).get(path).then().statusCode(200).body("configured", equalTo(false));
        admin(a).body(config(Map.of())).put(path).then().statusCode(201)
                .body("idpEntityId", equalTo(TestIdp.ENTITY_ID))
                .body("spEntityId", equalTo(spEntityId(a)))
                .body("acsUrl", equalTo(acsUrl(a)))
                .body("metadataUrl", equalTo(spEntityId(a)))
                .body("groupRoles.engineering[0]", equalTo("analyst"))
                .body("allowIdpInitiated", equalTo(false));
        admin(a).body(config(Map.of("allowIdpInitiated", true))).put(path).then().statusCode(200)
                .header("Rolegate-Revision", org.hamcrest.Matchers.notNullValue());
        admin(a).get(path).then().statusCode(200).body("allowIdpInitiated", equalTo(true))
                .body("redirectUrls[0]", equalTo(APP)).body("defaultRoles[0]", equalTo("viewer"));

        admin(a).body(config(Map.of("idpMetadataXml", "<md:EntityDescriptor"))).put(path).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("invalid_idp_metadata"));
        String noCertificate = TestIdp.metadataXml();
        admin(a).body(config(Map.of("idpMetadataXml", noCertificate))).put(path).then().statusCode(422)
                .body("code", equalTo("invalid_idp_metadata"));
        admin(a).body(config(Map.of("groupRoles", Map.of("engineering", List.of("no-such-role")))))
                .put(path).then().statusCode(422).body("code", equalTo("unknown_role"))
                .body("detail", containsString("no-such-role"));
        admin(a).body(config(Map.of("defaultRoles", List.of("ghost")))).put(path).then().statusCode(422)
                .body("code", equalTo("unknown_role"));
        admin(a).body(config(Map.of("redirectUrls", List.of()))).put(path).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/redirectUrls"));
        admin(a).body(config(Map.of("redirectUrls", List.of("javascript:alert(1)")))).put(path).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/redirectUrls/0"));
        admin(a).body(config(Map.of("defaultRoles", List.of("Not A Role")))).put(path).then().statusCode(400);
        // the refused writes changed nothing
        admin(a).get(path).then().statusCode(200).body("allowIdpInitiated", equalTo(true));

        as(Tokens.check(a)).get(path).then().statusCode(403);
        String other = Api.createAccount("sso-cfg-other");
        admin(other).get(path).then().statusCode(403);
        admin(other).body(config(Map.of())).put(path).then().statusCode(403);
        given().get(path).then().statusCode(401);

        given().get("/saml/" + a + "/metadata").then().statusCode(200)
                .contentType(containsString("application/samlmetadata+xml"))
                .body(containsString("entityID=\"" + spEntityId(a) + "\""))
                .body(containsString("Location=\"" + acsUrl(a) + "\""));
        // the SP side exists from the account's creation (SpBeforeIdpTest); a missing account has none
        given().get("/saml/" + other + "/metadata").then().statusCode(200);
        given().get("/saml/" + Api.newAccountId("sso-cfg-none") + "/metadata").then().statusCode(404)
                .body("code", equalTo("account_not_found"));
    }

    // ---- SP-initiated login, end to end ---------------------------------------------------------

    @Test
    void spInitiatedLoginEndToEnd() throws Exception {
        String a = Api.createAccount("sso-e2e");
        admin(a).body(config(Map.of())).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);

        // 1. the browser starts at /login and is sent to the IdP with a deflated AuthnRequest
        Response login = given().redirects().follow(false).queryParam("relayState", APP_2).get("/saml/" + a + "/login");
        assertEquals(302, login.statusCode());
        String location = login.getHeader("Location");
        assertTrue(location.startsWith(TestIdp.SSO_REDIRECT_URL + "?SAMLRequest="), location);
        Element request = Dom.parse(inflate(queryParam(location, "SAMLRequest"))).getDocumentElement();
        assertEquals("AuthnRequest", request.getLocalName());
        assertEquals(acsUrl(a), request.getAttribute("AssertionConsumerServiceURL"));
        assertEquals(TestIdp.SSO_REDIRECT_URL, request.getAttribute("Destination"));
        assertEquals(spEntityId(a), Dom.first(request, Dom.SAML, "Issuer").getTextContent());
        String requestId = request.getAttribute("ID");
        // the login is bound to this browser by a cookie that only the ACS path receives
        String setCookie = login.getHeader("Set-Cookie");
        assertTrue(setCookie.startsWith("rolegate_saml" + requestId + "="), setCookie);
        assertTrue(setCookie.contains("; Path=/saml/" + a + "/acs;") && setCookie.contains("HttpOnly")
                && setCookie.contains("Secure") && setCookie.contains("SameSite=None"), setCookie);
        Map<String, String> browser = Map.of("rolegate_saml" + requestId, login.getCookie("rolegate_saml" + requestId));

        // 2. the IdP answers with a signed response to that request; the ACS redirects with a code
        TestIdp.Spec spec = spec(a, requestId);
        String samlResponse = TestIdp.encoded(spec, TestIdp.Signing.responseOnly());
        // login CSRF: another browser (no cookie, or another nonce) cannot complete this login
        postAcs(a, samlResponse).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        postAcs(a, samlResponse, Map.of("rolegate_saml" + requestId, "forged")).then().statusCode(400);
        Response acs = postAcs(a, samlResponse, browser);
        assertEquals(302, acs.statusCode(), acs.asString());
        assertTrue(acs.getHeader("Location").startsWith(APP_2 + "&code="), acs.getHeader("Location"));
        String code = codeOf(acs);

        // 3. the app's backend exchanges the code for a session JWT, once
        String tokenPath = "/v1/accounts/" + a + "/sso/token";
        Response exchanged = as(Tokens.check(a)).body(Map.of("code", code)).post(tokenPath);
        exchanged.then().statusCode(200)
                .body("user.id", equalTo("alice@example.test"))
                .body("user.email", equalTo("alice@example.test"))
                .body("user.displayName", equalTo("Alice Example"))
                .body("expiresAt", equalTo(TestIdp.NOW.plus(Duration.ofHours(1)).toString()));
        as(Tokens.check(a)).body(Map.of("code", code)).post(tokenPath).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_sso_code"));

        // 4. the JWT verifies against the JWKS
        String token = exchanged.jsonPath().getString("token");
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"))
                .body(not(containsString("\"d\""))).extract().asString();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("rolegate-test-sso/accounts/" + a)
                .setExpectedAudience(a)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setEvaluationTime(NumericDate.fromSeconds(TestIdp.NOW.getEpochSecond()))
                .build();
        JwtClaims claims = consumer.processToClaims(token);
        assertEquals("alice@example.test", claims.getSubject());
        assertEquals(a, claims.getStringClaimValue("account"));
        assertEquals("alice@example.test", claims.getStringClaimValue("email"));
        assertEquals(TestIdp.NOW.plus(Duration.ofHours(1)).getEpochSecond(), claims.getExpirationTime().getValue());
        // a session JWT is for the app, not a key to Rolegate's API
        as(token).get("/v1/accounts/" + a + "/users").then().statusCode(401);

        // 5. the JIT-provisioned user holds the mapped and default roles, from source saml
        admin(a).get("/v1/accounts/" + a + "/users/alice@example.test").then().statusCode(200)
                .body("source", equalTo("saml"));
        String check = "/v1/accounts/" + a + "/check";
        String checker = Tokens.check(a);
        as(checker).body(Map.of("subject", "alice@example.test", "permission", "report.edit")).post(check).then()
                .statusCode(200).body("allowed", equalTo(true));   // engineering → analyst
        as(checker).body(Map.of("subject", "alice@example.test", "permission", "users.manage")).post(check).then()
                .statusCode(200).body("allowed", equalTo(true));   // admins → admin
        as(checker).body(Map.of("subject", "alice@example.test", "permission", "billing.manage")).post(check).then()
                .statusCode(200).body("allowed", equalTo(false));  // owner only

        // 6. the same response again: the request is answered and the assertion used
        postAcs(a, samlResponse, browser).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("sso_login_failed")).body(not(containsString("alice")));
        SamlValidationException again = assertThrows(SamlValidationException.class, () -> logins.acs(a, samlResponse, null, browser));
        assertEquals(SamlFailure.IN_RESPONSE_TO_UNKNOWN, again.reason());
    }

    @Test
    void theCodeExpiresAfterSixtySecondsAndNeedsACheckTokenOfItsAccount() {
        String a = Api.createAccount("sso-code");
        admin(a).body(config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        String tokenPath = "/v1/accounts/" + a + "/sso/token";
        Response acs = postAcs(a, groupsLogin(a, List.of()));
        assertEquals(302, acs.statusCode(), acs.asString());
        assertTrue(acs.getHeader("Location").startsWith(APP + "?code="));
        String code = codeOf(acs);

        String other = Api.createAccount("sso-code-other");
        as(Tokens.check(other)).body(Map.of("code", code)).post(tokenPath).then().statusCode(403);
        as(Tokens.check(other)).body(Map.of("code", code)).post("/v1/accounts/" + other + "/sso/token").then()
                .statusCode(400).body("code", equalTo("invalid_sso_code"));
        given().contentType("application/json").body(Map.of("code", code)).post(tokenPath).then().statusCode(401);
        as(Tokens.check(a)).body(Map.of()).post(tokenPath).then().statusCode(400);

        clock.advance(Duration.ofSeconds(61));
        as(Tokens.check(a)).body(Map.of("code", code)).post(tokenPath).then().statusCode(400)
                .body("code", equalTo("invalid_sso_code"));

        // within 60 s it works, and the session ends no later than the IdP's SessionNotOnOrAfter
        clock.set(TestIdp.NOW);
        TestIdp.Spec spec = spec(a, null);
        spec.sessionNotOnOrAfter = TestIdp.NOW.plus(Duration.ofMinutes(20));
        Response second = postAcs(a, TestIdp.encoded(spec, TestIdp.Signing.assertionOnly()));
        clock.advance(Duration.ofSeconds(59));
        as(Tokens.check(a)).body(Map.of("code", codeOf(second))).post(tokenPath).then().statusCode(200)
                .body("expiresAt", equalTo(TestIdp.NOW.plus(Duration.ofMinutes(20)).toString()));
    }

    // ---- JIT, group sync with provenance, default roles, disabled users, other accounts ----------

    @Test
    void groupsSetOnlySamlAssignmentsAndOtherAccountsAreNeverTouched() {
        String a = Api.createAccount("sso-sync");
        String b = Api.createAccount("sso-sync-b");
        admin(a).body(config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        // account b has a local user with the same email and id, and the same IdP
        admin(b).body(Map.of("email", "alice@example.test", "displayName", "Alice in B"))
                .put("/v1/accounts/" + b + "/users/alice@example.test").then().statusCode(201);
        admin(b).body(Map.of()).put("/v1/accounts/" + b + "/users/alice@example.test/roles/viewer").then().statusCode(201);
        admin(b).body(config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + b + "/sso/saml").then().statusCode(201);

        String user = "/v1/accounts/" + a + "/users/alice@example.test";
        assertEquals(302, postAcs(a, groupsLogin(a, List.of("engineering", "admins"))).statusCode());
        assertEquals(Map.of("admin", "saml", "analyst", "saml", "viewer", "saml"), roles(a, "alice@example.test"));

        // an admin also grants analyst by hand; a login without any group keeps it and the default role
        admin(a).body(Map.of()).put(user + "/roles/analyst").then().statusCode(201);
        assertEquals(302, postAcs(a, groupsLogin(a, List.of())).statusCode());
        Map<String, String> after = roles(a, "alice@example.test");
        assertEquals(Map.of("analyst", "manual", "viewer", "saml"), after);
        String check = "/v1/accounts/" + a + "/check";
        as(Tokens.check(a)).body(Map.of("subject", "alice@example.test", "permission", "users.manage")).post(check).then()
                .statusCode(200).body("allowed", equalTo(false));
        as(Tokens.check(a)).body(Map.of("subject", "alice@example.test", "permission", "report.edit")).post(check).then()
                .statusCode(200).body("allowed", equalTo(true));

        // account b's user with the same email is untouched; b's own SAML login refuses to take it over
        admin(b).get("/v1/accounts/" + b + "/users/alice@example.test").then().statusCode(200)
                .body("source", equalTo("local")).body("displayName", equalTo("Alice in B"));
        assertEquals(Map.of("viewer", "manual"), roles(b, "alice@example.test"));
        postAcs(b, groupsLogin(a, List.of("admins"))).then().statusCode(400);   // a's response at b's ACS
        SsoLoginRefused conflict = assertThrows(SsoLoginRefused.class, () -> logins.acs(b, groupsLogin(b, List.of("admins")), null, Map.of()));
        assertEquals(SsoLoginRefused.Reason.USER_CONFLICT, conflict.reason());
        assertEquals(Map.of("viewer", "manual"), roles(b, "alice@example.test"));

        // a disabled user is refused and keeps its assignments
        admin(a).body(Map.of("email", "alice@example.test", "status", "disabled")).put(user).then().statusCode(200);
        postAcs(a, groupsLogin(a, List.of("engineering"))).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        SsoLoginRefused disabled = assertThrows(SsoLoginRefused.class, () -> logins.acs(a, groupsLogin(a, List.of()), null, Map.of()));
        assertEquals(SsoLoginRefused.Reason.USER_DISABLED, disabled.reason());
        assertEquals(after, roles(a, "alice@example.test"));

        // without JIT provisioning an unknown user is refused and not created
        admin(a).body(config(Map.of("allowIdpInitiated", true, "jitProvisioning", false)))
                .put("/v1/accounts/" + a + "/sso/saml").then().statusCode(200);
        TestIdp.Spec bob = spec(a, null);
        bob.nameId = "bob-0001";
        bob.attributes.put("email", List.of("bob@example.test"));
        SsoLoginRefused unknown = assertThrows(SsoLoginRefused.class,
                () -> logins.acs(a, TestIdp.encoded(bob, TestIdp.Signing.assertionOnly()), null, Map.of()));
        assertEquals(SsoLoginRefused.Reason.UNKNOWN_USER, unknown.reason());
        admin(a).get("/v1/accounts/" + a + "/users/bob@example.test").then().statusCode(404);
    }

    @Test
    void unsolicitedLoginIsRefusedUnlessTheAccountAllowsIt() {
        String a = Api.createAccount("sso-unsol");
        admin(a).body(config(Map.of())).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        String unsolicited = groupsLogin(a, List.of());
        postAcs(a, unsolicited).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        SamlValidationException refused = assertThrows(SamlValidationException.class, () -> logins.acs(a, unsolicited, null, Map.of()));
        assertEquals(SamlFailure.UNSOLICITED_NOT_ALLOWED, refused.reason());
        admin(a).get("/v1/accounts/" + a + "/users/alice@example.test").then().statusCode(404);
    }

    @Test
    void anAssertionIsUsedOnceWhicheverInstanceReceivesIt() {
        String a = Api.createAccount("sso-replay");
        admin(a).body(config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + a + "/sso/saml").then().statusCode(201);
        String samlResponse = groupsLogin(a, List.of("engineering"));
        assertEquals(302, postAcs(a, samlResponse).statusCode());
        postAcs(a, samlResponse).then().statusCode(400).body("code", equalTo("sso_login_failed"));
        // a second validator and store over the same database (what another replica runs)
        SamlValidationException replayed = assertThrows(SamlValidationException.class, () -> logins.acs(a, samlResponse, null, Map.of()));
        assertEquals(SamlFailure.REPLAYED, replayed.reason());
    }

    @Test
    void anEncryptedAssertionIsDecryptedWithTheAccountsSpKey() throws Exception {
        String a = Api.createAccount("sso-enc");
        String path = "/v1/accounts/" + a + "/sso/saml";
        admin(a).body(config(Map.of("allowIdpInitiated", true))).put(path).then().statusCode(201);
        String metadata = given().get("/saml/" + a + "/metadata").then().statusCode(200).extract().asString();
        Element keyDescriptor = Dom.first(Dom.parse(metadata), "urn:oasis:names:tc:SAML:2.0:metadata", "KeyDescriptor");
        assertEquals("encryption", keyDescriptor.getAttribute("use"));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getMimeDecoder().decode(
                        Dom.first(keyDescriptor, Dom.DS, "X509Certificate").getTextContent())));
        // the IdP knows only the published certificate
        TestIdp.Key sp = new TestIdp.Key(new KeyPair(certificate.getPublicKey(), null), certificate);

        String encrypted = TestIdp.encode(TestIdp.encrypted(spec(a, null), TestIdp.Signing.assertionOnly(),
                TestIdp.Encryption.gcmFor(sp)));
        Response acs = postAcs(a, encrypted);
        assertEquals(302, acs.statusCode(), acs.asString());
        admin(a).get("/v1/accounts/" + a + "/users/alice@example.test").then().statusCode(200);

        // the private key is stored encrypted (rolegate.sso.key-encryption-key is set in tests)
        byte[] stored = QuarkusTransaction.requiringNew().call(() -> (byte[]) em.createNativeQuery(
                "SELECT private_key FROM saml_sp_key WHERE account_id = ?1").setParameter(1, a).getSingleResult());
        assertEquals(0x01, stored[0]);

        // a later configuration change keeps the key, so the IdP's copy stays valid
        admin(a).body(config(Map.of("allowIdpInitiated", true, "allowSha1", false))).put(path).then().statusCode(200);
        assertEquals(metadata, given().get("/saml/" + a + "/metadata").then().statusCode(200).extract().asString());

        // encrypted for another account's key: refused
        String b = Api.createAccount("sso-enc-b");
        admin(b).body(config(Map.of("allowIdpInitiated", true))).put("/v1/accounts/" + b + "/sso/saml").then().statusCode(201);
        String forA = TestIdp.encode(TestIdp.encrypted(spec(b, null), TestIdp.Signing.assertionOnly(),
                TestIdp.Encryption.gcmFor(sp)));
        SamlValidationException refused = assertThrows(SamlValidationException.class, () -> logins.acs(b, forA, null, Map.of()));
        assertEquals(SamlFailure.DECRYPTION_FAILED, refused.reason());
    }

    private static Map<String, String> roles(String account, String user) {
        List<Map<String, Object>> items = admin(account).get("/v1/accounts/" + account + "/users/" + user + "/roles")
                .then().statusCode(200).extract().jsonPath().getList("items");
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> item : items) {
            out.merge((String) item.get("id"), (String) item.get("source"), (x, y) -> x + "," + y);
        }
        return out;
    }

    private static String queryParam(String url, String name) {
        for (String part : URI.create(url).getRawQuery().split("&")) {
            if (part.startsWith(name + "=")) {
                return URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String inflate(String base64) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(base64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        assertFalse(out.size() == 0);
        return out.toString(StandardCharsets.UTF_8);
    }
}
