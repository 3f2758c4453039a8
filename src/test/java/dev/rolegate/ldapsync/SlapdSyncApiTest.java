package dev.rolegate.ldapsync;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import dev.rolegate.ldap.testing.Slapd;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 end to end against a real OpenLDAP ({@link Slapd}): StartTLS with the run's test CA and
 * the host name verified, settings through {@code PUT .../directory/ldap}, syncs through the API,
 * decisions through {@code POST .../check}. A full sync; then a new hire in a mapped group, a user
 * moved between groups, a changed attribute and a deleted entry, picked up by an incremental sync
 * (which cannot see deletions, so the leaver keeps access); then a full sync disables the leaver.
 * Skips naming slapd where it is not installed; fails instead under {@code CI=true}.
 */
@QuarkusTest
@Tag("integration")
class SlapdSyncApiTest {

    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;
    private static final String GROUPS = "ou=groups," + Slapd.SUFFIX;
    private static Slapd slapd;

    @BeforeAll
    static void start() {
        slapd = Slapd.startOrSkip();
        StringBuilder ldif = new StringBuilder();
        for (String uid : List.of("alice", "bob", "carol", "dave")) {
            ldif.append("dn: uid=").append(uid).append(',').append(PEOPLE).append("\nobjectClass: inetOrgPerson\nuid: ")
                    .append(uid).append("\ncn: ").append(uid).append("\nsn: ").append(uid).append("\nmail: ").append(uid)
                    .append("@example.test\ndisplayName: ").append(uid).append("\n\n");
        }
        // analysts → reporter; engineering → engineer, with platform nested inside it
        ldif.append(group("analysts", "uid=alice," + PEOPLE, "uid=bob," + PEOPLE));
        ldif.append(group("platform", "uid=dave," + PEOPLE));
        ldif.append(group("engineering", "uid=carol," + PEOPLE, "cn=platform," + GROUPS));
        slapd.seed(ldif.toString());
    }

    private static String group(String cn, String... members) {
        StringBuilder g = new StringBuilder("dn: cn=" + cn + "," + GROUPS + "\nobjectClass: groupOfNames\ncn: " + cn + "\n");
        for (String member : members) {
            g.append("member: ").append(member).append('\n');
        }
        return g.append('\n').toString();
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    private static boolean allowed(String account, String subject, String operation) {
        return as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation))
                .post("/v1/accounts/" + account + "/check").then().statusCode(200).extract().jsonPath().getBoolean("allowed");
    }

    private static JsonPath sync(String account, String mode) {
        JsonPath run = as(Tokens.admin(account)).body(Map.of("mode", mode))
                .post("/v1/accounts/" + account + "/directory/ldap/sync").then().statusCode(200).extract().jsonPath();
        assertEquals("succeeded", run.getString("status"), run.prettify());
        return run;
    }

    @Test
    void fullIncrementalAndFullSyncOverStartTlsDecideChecks() throws Exception {
        String a = Api.createAccount("slapd");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        LdapSyncApiTest.reporterAndEngineer(a);

        Map<String, Object> settings = slapd.settingsBody(); // ldap://localhost: the certificate's name is verified
        settings.put("groupRoles", Map.of("cn=analysts," + GROUPS, List.of("reporter"), "cn=engineering," + GROUPS, List.of("engineer")));
        settings.put("deprovision", "disable");
        settings.put("maxRemovalPercent", 50);
        as(owner).body(settings).put(base + "/directory/ldap").then().statusCode(201);
        as(owner).post(base + "/directory/ldap/test").then().statusCode(200).body("users", equalTo(4)).body("groups", equalTo(3));

        // slapd's modifyTimestamp has one-second resolution: make every later change fall in a
        // later second than the seed the full sync reads
        awaitNextSecond();
        JsonPath full = sync(a, "full");
        assertEquals(4, full.getInt("usersCreated"));
        assertEquals(3, full.getInt("groupsCreated"));
        assertTrue(allowed(a, "alice", "report.read"));
        assertTrue(allowed(a, "bob", "report.read"));
        assertFalse(allowed(a, "bob", "deploy.run"));
        assertTrue(allowed(a, "carol", "deploy.run"));
        assertTrue(allowed(a, "dave", "deploy.run"), "dave is in platform, nested in engineering");
        assertFalse(allowed(a, "erin", "report.read"), "erin is not hired yet");

        awaitNextSecond();
        try (LDAPConnection root = slapd.admin()) {
            root.add("dn: uid=erin," + PEOPLE, "objectClass: inetOrgPerson", "uid: erin", "cn: erin", "sn: erin",
                    "mail: erin@example.test", "displayName: erin");
            root.modify("dn: cn=analysts," + GROUPS, "changetype: modify", "add: member", "member: uid=erin," + PEOPLE,
                    "-", "delete: member", "member: uid=bob," + PEOPLE);
            root.modify("dn: cn=engineering," + GROUPS, "changetype: modify", "add: member", "member: uid=bob," + PEOPLE);
            root.modify("dn: uid=carol," + PEOPLE, "changetype: modify", "replace: mail", "mail: carol.new@example.test",
                    "-", "replace: displayName", "displayName: Carol New");
            // no referential integrity here (as in many directories): platform still names dave
            root.delete("uid=dave," + PEOPLE);
        }
        JsonPath incremental = sync(a, "incremental");
        assertEquals(1, incremental.getInt("usersCreated"), incremental.prettify());
        assertEquals(1, incremental.getInt("usersUpdated"), incremental.prettify());
        assertEquals(0, incremental.getInt("usersDeprovisioned"));
        assertTrue(allowed(a, "erin", "report.read"), "the new hire, in a mapped group");
        assertFalse(allowed(a, "bob", "report.read"), "bob left analysts");
        assertTrue(allowed(a, "bob", "deploy.run"), "bob joined engineering");
        as(owner).get(base + "/users/carol").then().statusCode(200).body("email", equalTo("carol.new@example.test"))
                .body("displayName", equalTo("Carol New"));
        as(owner).get(base + "/users/dave").then().statusCode(200).body("status", equalTo("active"));
        assertTrue(allowed(a, "dave", "deploy.run"), "an incremental sync cannot see a deletion");

        JsonPath again = sync(a, "full");
        assertEquals(1, again.getInt("usersDeprovisioned"), again.prettify());
        as(owner).get(base + "/users/dave").then().statusCode(200).body("status", equalTo("disabled"));
        assertFalse(allowed(a, "dave", "deploy.run"), "the leaver is disabled by the full sync");
        assertTrue(allowed(a, "erin", "report.read"));
        assertTrue(allowed(a, "bob", "deploy.run"));
        as(owner).get(base + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    private static void awaitNextSecond() throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(now)) {
            Thread.sleep(20);
        }
    }
}
