package dev.rolegate.ops;

import static dev.rolegate.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.sso.saml.SamlTestLogins;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /q/metrics: names, tags and counts after real requests. */
@QuarkusTest
class MetricsTest {

    @Test
    void checksBatchesSnapshotsAndSamlLoginsAreCounted() {
        String before = scrape();
        String account = Api.createAccount("metrics");
        String owner = "owner@" + account + ".test";
        String check = Tokens.check(account);
        for (int i = 0; i < 3; i++) {
            as(check).body(Map.of("subject", owner, "operation", "report.rename"))
                    .post("/v1/accounts/" + account + "/check").then().statusCode(200).body("allowed", equalTo(true));
        }
        for (int i = 0; i < 2; i++) {
            as(check).body(Map.of("subject", "nobody@" + account + ".test", "operation", "report.rename"))
                    .post("/v1/accounts/" + account + "/check").then().statusCode(200).body("allowed", equalTo(false));
        }
        as(check).body(Map.of("checks", List.of(
                        Map.of("subject", owner, "operation", "report.rename"),
                        Map.of("subject", owner, "operation", "report.view"),
                        Map.of("subject", owner, "operation", "report.delete"),
                        Map.of("subject", owner, "operation", "report.share"))))
                .post("/v1/accounts/" + account + "/check/batch").then().statusCode(200);
        // an account without SAML configuration refuses any response (typed reason not_configured)
        given().formParam("SAMLResponse", "PHNhbWxwOlJlc3BvbnNlLz4=")
                .post("/saml/" + account + "/acs").then().statusCode(400);

        String after = scrape();
        assertEquals(3, delta(before, after, "rolegate_check_duration_seconds_count{decision=\"allowed\"}"));
        assertEquals(2, delta(before, after, "rolegate_check_duration_seconds_count{decision=\"denied\"}"));
        assertEquals(1, delta(before, after, "rolegate_check_batch_size_checks_count"));
        assertEquals(4, delta(before, after, "rolegate_check_batch_size_checks_sum"));
        assertEquals(1, delta(before, after, "rolegate_saml_logins_total{outcome=\"refused\",reason=\"not_configured\"}"));
        assertTrue(delta(before, after, "rolegate_snapshot_rebuilds_total{outcome=\"built\"}") >= 1, "a snapshot was built");
        assertTrue(delta(before, after, "rolegate_snapshot_rebuild_duration_seconds_count") >= 1);
        assertTrue(value(after, "rolegate_snapshot_age_seconds") >= 0);
        assertTrue(value(after, "rolegate_snapshot_accounts") >= 1);
        // the series exist before anything happens (pre-registered, bounded reasons)
        assertTrue(after.contains("rolegate_saml_logins_total{outcome=\"invalid\",reason=\"invalid_signature\"}"));
        assertTrue(after.contains("rolegate_saml_logins_total{outcome=\"accepted\",reason=\"none\"}"));

        for (String line : after.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertTrue(line.startsWith("rolegate_"), "not prefixed: " + line);
            assertFalse(line.contains(account), "an account id as a label: " + line);
            assertFalse(line.contains(owner), "a user id as a label: " + line);
        }
    }

    // ---- an accepted SAML login (issue 7 item 2) ------------------------------------------------

    @jakarta.inject.Inject
    dev.rolegate.testing.SettableClock clock;

    @Test
    void anAcceptedSamlLoginIsCountedOnceAndItsReplayAsInvalid() {
        String account = Api.createAccount("metrics-saml");
        SamlTestLogins.configure(account);
        clock.set(SamlTestLogins.NOW);
        try {
            SamlTestLogins.SignedResponse login = SamlTestLogins.signedResponse(account, List.of("engineering"));
            String before = scrape();
            assertEquals(302, SamlTestLogins.postAcs(account, login.samlResponse()).statusCode());
            String accepted = scrape();
            assertEquals(1, delta(before, accepted, "rolegate_saml_logins_total{outcome=\"accepted\",reason=\"none\"}"));
            assertEquals(0, delta(before, accepted, "rolegate_saml_logins_total{outcome=\"invalid\"}"));
            assertEquals(0, delta(before, accepted, "rolegate_saml_logins_total{outcome=\"refused\"}"));

            // the same assertion again: one more invalid login (replayed), no more accepted ones
            SamlTestLogins.postAcs(account, login.samlResponse()).then().statusCode(400);
            String replayed = scrape();
            assertEquals(0, delta(accepted, replayed, "rolegate_saml_logins_total{outcome=\"accepted\",reason=\"none\"}"));
            assertEquals(1, delta(accepted, replayed, "rolegate_saml_logins_total{outcome=\"invalid\",reason=\"replayed\"}"));
            assertEquals(1, delta(accepted, replayed, "rolegate_saml_logins_total{outcome=\"invalid\"}"));
        } finally {
            clock.reset();
        }
    }

    // ---- LDAP sync runs (issue 7 item 2) ----------------------------------------------------

    @Test
    void ldapRunsAreCountedByModeAndOutcomeWithTheirAppliedChanges() {
        String account = Api.createAccount("metricsldap");
        String base = "/v1/accounts/" + account + "/directory/ldap";
        String owner = Tokens.admin(account);
        as(owner).body(Map.of()).put("/v1/accounts/" + account + "/roles/ldap-reader").then().statusCode(201);
        try (TestDirectory directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start()) {
            Map<String, Object> settings = directory.apiSettings();
            settings.put("groupRoles", Map.of("cn=analysts,ou=groups,dc=example,dc=test", List.of("ldap-reader")));
            as(owner).body(settings).put(base).then().statusCode(201);
            String before = scrape();
            // a dry run: a run, but its planned changes are no changes
            as(owner).body(Map.of("mode", "full", "dryRun", true)).post(base + "/sync").then().statusCode(200)
                    .body("status", equalTo("succeeded")).body("usersCreated", equalTo(6));
            var full = as(owner).body(Map.of("mode", "full")).post(base + "/sync").then().statusCode(200)
                    .body("status", equalTo("succeeded")).extract().jsonPath();
            as(owner).body(Map.of("mode", "incremental")).post(base + "/sync").then().statusCode(200)
                    .body("status", equalTo("succeeded")).body("usersCreated", equalTo(0));
            Map<String, Object> wrong = directory.apiSettings();
            wrong.put("bindPassword", "not-the-password");
            as(owner).body(wrong).put(base).then().statusCode(200);
            as(owner).body(Map.of("mode", "full")).post(base + "/sync").then().statusCode(200).body("status", equalTo("failed"));
            String after = scrape();

            assertEquals(2, delta(before, after, "rolegate_ldap_sync_runs_total{mode=\"full\",outcome=\"succeeded\"}"));
            assertEquals(1, delta(before, after, "rolegate_ldap_sync_runs_total{mode=\"incremental\",outcome=\"succeeded\"}"));
            assertEquals(1, delta(before, after, "rolegate_ldap_sync_runs_total{mode=\"full\",outcome=\"failed\"}"));
            assertEquals(0, delta(before, after, "rolegate_ldap_sync_runs_total{mode=\"full\",outcome=\"aborted\"}"));
            assertEquals(2, delta(before, after, "rolegate_ldap_sync_duration_seconds_count{mode=\"full\",outcome=\"succeeded\"}"));
            assertEquals(1, delta(before, after, "rolegate_ldap_sync_duration_seconds_count{mode=\"full\",outcome=\"failed\"}"));
            assertTrue(delta(before, after, "rolegate_ldap_sync_duration_seconds_sum{mode=\"full\",outcome=\"succeeded\"}") > 0);
            // only the applied full run changed anything: 6 users, 5 groups, the analysts' role
            assertEquals(6, delta(before, after, "rolegate_ldap_sync_changes_total{change=\"users_created\"}"));
            assertEquals(5, delta(before, after, "rolegate_ldap_sync_changes_total{change=\"groups_created\"}"));
            assertEquals(full.getInt("assignmentsAdded"), delta(before, after, "rolegate_ldap_sync_changes_total{change=\"assignments_added\"}"));
            assertEquals(3, full.getInt("assignmentsAdded"), "alice, obrien and zoë are analysts");
            assertEquals(0, delta(before, after, "rolegate_ldap_sync_changes_total{change=\"users_deprovisioned\"}"));
            // every series exists from the start
            assertTrue(after.contains("rolegate_ldap_sync_runs_total{mode=\"incremental\",outcome=\"aborted\"}"));
            assertTrue(after.contains("rolegate_ldap_sync_changes_total{change=\"groups_removed\"}"));
            for (String line : after.split("\n")) {
                assertFalse(line.startsWith("rolegate_ldap") && line.contains(account), "an account id as a label: " + line);
            }
        }
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** The value of one series (name and labels exactly as written, labels in Prometheus order); 0 when absent. */
    private static double value(String scrape, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)\\})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String have = m.group(2) == null ? "" : m.group(2);
            if (containsAll(have, labels)) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : 0;
    }

    private static boolean containsAll(String have, String want) {
        if (want.isEmpty()) {
            return true;
        }
        for (String label : want.split(",")) {
            if (!have.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
