package dev.rolegate.ops;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.sso.SessionKeys;
import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No secret reaches the log (issue 7 item 4): a full SAML login (IdP-signed response through the
 * ACS, then the SSO token exchange, then its replay), LDAP settings with a bind password, a test
 * and sync runs (one with a wrong password), and admin and check calls with bearer tokens, all
 * with {@code dev.rolegate} at DEBUG and the HTTP access log on, written to a file; then the file
 * is searched for each password, token (and its signature part), the SAMLResponse, the
 * assertion's signature values and the private keys. The same file must show those flows, so
 * an empty or unrelated log cannot pass.
 */
@QuarkusTest
@TestProfile(NoSecretsInLogsTest.DebugLogs.class)
class NoSecretsInLogsTest {

    static final Path LOG = Path.of("target", "no-secrets-test.log");

    /** The wrong bind password of the failing run: it must not be logged either. */
    static final String WRONG_PASSWORD = "Wr0ng-bind-Secret-77";

    public static class DebugLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", LOG.toString());
            config.put("quarkus.log.file.level", "ALL");
            config.put("quarkus.log.category.\"dev.rolegate\".level", "DEBUG");
            config.put("quarkus.http.access-log.enabled", "true");
            return config;
        }
    }

    private static TestDirectory directory;

    @Inject
    SettableClock clock;

    @Inject
    SessionKeys sessionKeys;

    @Inject
    @ConfigProperty(name = "rolegate.sso.key-encryption-key")
    String keyEncryptionKey;

    @BeforeAll
    static void startDirectory() {
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
    }

    @AfterAll
    static void stopDirectory() {
        directory.close();
    }

    @Test
    void aSamlLoginAnLdapSyncAndAdminCallsLeaveNoSecretInTheLog() throws Exception {
        long start = Files.exists(LOG) ? Files.size(LOG) : 0;
        Map<String, String> secrets = new LinkedHashMap<>();

        String account = Api.createAccount("nosecrets");
        String base = "/v1/accounts/" + account;
        String admin = Tokens.admin(account);
        String check = Tokens.check(account);
        putToken(secrets, "admin token", admin);
        putToken(secrets, "check token", check);

        // admin calls with a bearer token, one of them refused
        as(admin).body(Map.of("email", "zed@example.test", "displayName", "Zed")).put(base + "/users/zed").then().statusCode(201);
        as(admin).body(Map.of()).put(base + "/users/zed/roles/no-such-role").then().statusCode(404);
        as(check).get(base + "/roles").then().statusCode(403);

        // SAML: configure, an IdP-signed login through the ACS, the code exchange, then a replay
        SamlTestLogins.configure(account);
        clock.set(SamlTestLogins.NOW);
        try {
            SamlTestLogins.SignedResponse login = SamlTestLogins.signedResponse(account, List.of("engineering"));
            secrets.put("SAMLResponse", login.samlResponse());
            secrets.put("a slice of the SAMLResponse", login.samlResponse().substring(400, 480));
            for (int i = 0; i < login.signatureValues().size(); i++) {
                secrets.put("ds:SignatureValue " + i, login.signatureValues().get(i));
            }
            assertEquals(2, login.signatureValues().size(), "response and assertion signed");
            Response acs = SamlTestLogins.postAcs(account, login.samlResponse());
            assertEquals(302, acs.statusCode(), acs.asString());
            String code = SamlTestLogins.codeOf(acs);
            secrets.put("one-time SSO code", code);
            String session = as(check).body(Map.of("code", code)).post(base + "/sso/token").then().statusCode(200)
                    .extract().jsonPath().getString("token");
            putToken(secrets, "session token", session);
            SamlTestLogins.postAcs(account, login.samlResponse()).then().statusCode(400);
        } finally {
            clock.reset();
        }

        // LDAP: settings with a bind password, a test, a sync; then a wrong password and a failing sync
        Map<String, Object> settings = ldapSettings(TestDirectory.PASSWORD);
        as(admin).body(settings).put(base + "/directory/ldap").then().statusCode(201);
        as(admin).post(base + "/directory/ldap/test").then().statusCode(200);
        as(admin).body(Map.of("mode", "full", "dryRun", false)).post(base + "/directory/ldap/sync").then().statusCode(200)
                .body("status", equalTo("succeeded"));
        as(admin).body(ldapSettings(WRONG_PASSWORD)).put(base + "/directory/ldap").then().statusCode(200);
        as(admin).post(base + "/directory/ldap/test").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        String failed = as(admin).body(Map.of("mode", "full", "dryRun", false)).post(base + "/directory/ldap/sync")
                .then().extract().asString();
        assertFalse(failed.contains(WRONG_PASSWORD), failed);
        secrets.put("LDAP bind password", TestDirectory.PASSWORD);
        secrets.put("wrong LDAP bind password", WRONG_PASSWORD);

        // key material
        secrets.put("IdP private key", SamlTestLogins.idpPrivateKeyBase64());
        secrets.put("a slice of the IdP private key", SamlTestLogins.idpPrivateKeyBase64().substring(100, 160));
        String sessionKey = Base64.getEncoder().encodeToString(sessionKeys.current().privateKey().getEncoded());
        secrets.put("session signing key", sessionKey);
        secrets.put("a slice of the session signing key", sessionKey.substring(100, 160));
        secrets.put("key-encryption key", keyEncryptionKey);

        String log = awaitLog(start, "POST " + base + "/directory/ldap/sync");
        // the flows are in the log: it is the service's log, not an empty or unrelated file
        for (String expected : List.of(
                "SAML login accepted: account=" + account,
                "SSO session issued: account=" + account,
                "SAML response refused: replayed",
                "PUT " + base + "/users/zed",
                "PUT " + base + "/directory/ldap",
                "POST " + base + "/directory/ldap/test",
                "POST " + base + "/directory/ldap/sync",
                "POST /saml/" + account + "/acs",
                "POST " + base + "/sso/token")) {
            assertTrue(log.contains(expected), "the log shows \"" + expected + "\"; log:\n" + log);
        }
        assertTrue(log.lines().count() >= 15, "lines captured: " + log.lines().count());
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertTrue(secret.getValue().length() >= 12, secret.getKey() + " is distinctive");
            assertFalse(log.contains(secret.getValue()), "the log shows the " + secret.getKey());
        }
    }

    private static void putToken(Map<String, String> secrets, String name, String token) {
        secrets.put(name, token);
        secrets.put(name + " signature", token.substring(token.lastIndexOf('.') + 1));
    }

    private static Map<String, Object> ldapSettings(String password) {
        return LdapBodies.settings(directory.ldapUrl(), directory.bindDn(), password);
    }

    /** The log written since {@code start}, once it shows {@code last} (handlers write asynchronously to the file). */
    private static String awaitLog(long start, String last) throws IOException, InterruptedException {
        String log = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
                byte[] bytes = new byte[(int) (file.length() - start)];
                file.seek(start);
                file.readFully(bytes);
                log = new String(bytes, StandardCharsets.UTF_8);
            }
            if (log.lastIndexOf(last) >= 0 && log.indexOf(last) != log.lastIndexOf(last)) {
                return log;
            }
            Thread.sleep(100);
        }
        return log;
    }
}
