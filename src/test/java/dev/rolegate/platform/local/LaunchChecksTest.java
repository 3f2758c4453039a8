package dev.rolegate.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The launcher's start rules (issue 11 item 7): each missing setting gives its one line; all present give none. */
class LaunchChecksTest {

    private static final String KEK = "GJjD+Yqf3AKnj91vK9A8UH8xCIfRu0UitCrAcilVoPA=";

    private static final String NO_URL = "quarkus.datasource.jdbc.url is not set: point it (QUARKUS_DATASOURCE_JDBC_URL) at "
            + "your PostgreSQL, or set rolegate.embedded-database=true to run on the embedded one in rolegate.data-dir";
    private static final String NO_JWT_KEY = "mp.jwt.verify.publickey.location is not set (nor mp.jwt.verify.publickey): "
            + "set it (MP_JWT_VERIFY_PUBLICKEY_LOCATION) to the PEM public key that verifies bearer tokens";
    private static final String NO_KEK = "rolegate.sso.key-encryption-key is not set: secrets are never stored in the clear "
            + "in production; set ROLEGATE_SSO_KEY_ENCRYPTION_KEY to the output of `openssl rand -base64 32`";

    private static Map<String, String> complete() {
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:5432/rolegate");
        settings.put("mp.jwt.verify.publickey.location", "/etc/rolegate/jwt.pem");
        settings.put("rolegate.sso.key-encryption-key", KEK);
        return settings;
    }

    private static LaunchChecks.Verdict check(String profile, Map<String, String> settings) {
        return LaunchChecks.check(profile, key -> Optional.ofNullable(settings.get(key)));
    }

    private static Map<String, String> without(String key) {
        Map<String, String> settings = complete();
        settings.remove(key);
        return settings;
    }

    @Test
    void prodWithEverythingConfiguredStartsOnItsDatabase() {
        LaunchChecks.Verdict verdict = check("prod", complete());
        assertEquals(List.of(), verdict.problems());
        assertFalse(verdict.embeddedDatabase());
    }

    @Test
    void prodWithNothingConfiguredNamesEachProperty() {
        assertEquals(List.of(NO_URL, NO_JWT_KEY, NO_KEK), check("prod", Map.of()).problems());
    }

    @Test
    void eachMissingPropertyGivesItsLine() {
        assertEquals(List.of(NO_URL), check("prod", without("quarkus.datasource.jdbc.url")).problems());
        assertEquals(List.of(NO_JWT_KEY), check("prod", without("mp.jwt.verify.publickey.location")).problems());
        assertEquals(List.of(NO_KEK), check("prod", without("rolegate.sso.key-encryption-key")).problems());
        Map<String, String> blank = complete();
        blank.put("rolegate.sso.key-encryption-key", "  ");
        assertEquals(List.of(NO_KEK), check("prod", blank).problems(), "a blank value is no value");
        // any profile but dev is held to the same rules
        assertEquals(List.of(NO_KEK), check("staging", without("rolegate.sso.key-encryption-key")).problems());
    }

    @Test
    void anyOfTheJwtKeySettingsWillDo() {
        for (String key : List.of("mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location")) {
            Map<String, String> settings = without("mp.jwt.verify.publickey.location");
            settings.put(key, "-----BEGIN PUBLIC KEY-----...");
            assertEquals(List.of(), check("prod", settings).problems(), key);
        }
    }

    @Test
    void theEmbeddedDatabaseIsChosenExplicitlyOutsideDev() {
        Map<String, String> settings = without("quarkus.datasource.jdbc.url");
        settings.put("rolegate.embedded-database", "true");
        LaunchChecks.Verdict verdict = check("prod", settings);
        assertEquals(List.of(), verdict.problems());
        assertTrue(verdict.embeddedDatabase());

        settings.put("rolegate.embedded-database", "false");
        assertEquals(List.of(NO_URL), check("prod", settings).problems());
        settings.put("rolegate.embedded-database", "yes");
        assertEquals(List.of("rolegate.embedded-database must be true or false"), check("prod", settings).problems());

        Map<String, String> both = complete();
        both.put("rolegate.embedded-database", "TRUE");
        assertEquals(List.of("rolegate.embedded-database=true and quarkus.datasource.jdbc.url are both set: "
                + "keep the one database you mean"), check("prod", both).problems());
    }

    @Test
    void devNeedsNothingAndRunsOnTheEmbeddedDatabase() {
        LaunchChecks.Verdict verdict = check("dev", Map.of());
        assertEquals(List.of(), verdict.problems());
        assertTrue(verdict.embeddedDatabase());
        assertTrue(LaunchChecks.isDev("prod, dev"));

        LaunchChecks.Verdict ownDatabase = check("dev", Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1/x"));
        assertEquals(List.of(), ownDatabase.problems());
        assertFalse(ownDatabase.embeddedDatabase());

        assertEquals(List.of(NO_URL), check("dev", Map.of("rolegate.embedded-database", "false")).problems());
    }

    @Test
    void aMalformedKeyEncryptionKeyIsRefusedInEveryProfileWithoutEchoingIt() {
        String line = "rolegate.sso.key-encryption-key is not base64 of 32 bytes (AES-256): generate one with "
                + "`openssl rand -base64 32`";
        for (String bad : List.of("not-base64!secret", "c2hvcnQ=")) {
            Map<String, String> settings = complete();
            settings.put("rolegate.sso.key-encryption-key", bad);
            assertEquals(List.of(line), check("prod", settings).problems());
            assertEquals(List.of(line), check("dev", Map.of("rolegate.sso.key-encryption-key", bad)).problems());
        }
    }
}
