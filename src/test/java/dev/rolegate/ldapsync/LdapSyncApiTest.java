package dev.rolegate.ldapsync;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LDAP API end to end against UnboundID's in-memory directory (issue 6). */
@QuarkusTest
class LdapSyncApiTest {

    private static final String BASE_DN = "dc=example,dc=test";
    private static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder(BASE_DN).ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    private static Map<String, Object> settings(int maxRemovalPercent) {
        Map<String, Object> s = directory.apiSettings();
        s.put("groupRoles", Map.of("cn=analysts,ou=groups," + BASE_DN, List.of("reporter"),
                "CN=Engineering,OU=Groups,DC=example,DC=test", List.of("engineer")));
        s.put("maxRemovalPercent", maxRemovalPercent);
        return s;
    }

    private static boolean allowed(String account, String subject, String operation) {
        return as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation))
                .post("/v1/accounts/" + account + "/check").then().statusCode(200).extract().jsonPath().getBoolean("allowed");
    }

    private static io.restassured.path.json.JsonPath sync(String account, boolean dryRun) {
        return as(Tokens.admin(account)).body(Map.of("mode", "full", "dryRun", dryRun))
                .post("/v1/accounts/" + account + "/directory/ldap/sync").then().statusCode(200).extract().jsonPath();
    }

    /** Roles {@code reporter} (operation {@code report.read}) and {@code engineer} ({@code deploy.run}). */
    static void reporterAndEngineer(String account) {
        String base = "/v1/accounts/" + account;
        String owner = Tokens.admin(account);
        as(owner).body(Map.of("operations", List.of("report.read"))).put(base + "/permissions/p.reports").then().statusCode(201);
        as(owner).body(Map.of("operations", List.of("deploy.run"))).put(base + "/permissions/p.deploy").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.reports"))).put(base + "/roles/reporter").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.deploy"))).put(base + "/roles/engineer").then().statusCode(201);
    }

    @Test
    void configureSyncAndCheck() throws Exception {
        String a = Api.createAccount("ldap");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        reporterAndEngineer(a);

        as(owner).get(base + "/directory/ldap").then().statusCode(404).body("code", equalTo("ldap_not_configured"));
        as(owner).body(settings(10)).put(base + "/directory/ldap").then().statusCode(201);
        as(owner).get(base + "/directory/ldap").then().statusCode(200)
                .body("$", not(hasKey("bindPassword"))).body("url", equalTo(directory.ldapUrl()))
                .body("membership", equalTo("member"));
        as(owner).post(base + "/directory/ldap/test").then().statusCode(200).body("users", equalTo(6));

        // a dry run reports and changes nothing
        io.restassured.path.json.JsonPath dry = sync(a, true);
        org.junit.jupiter.api.Assertions.assertEquals("succeeded", dry.getString("status"));
        org.junit.jupiter.api.Assertions.assertEquals(6, dry.getInt("usersCreated"));
        as(owner).get(base + "/users/alice").then().statusCode(404);

        io.restassured.path.json.JsonPath full = sync(a, false);
        org.junit.jupiter.api.Assertions.assertEquals("succeeded", full.getString("status"), full.prettify());
        org.junit.jupiter.api.Assertions.assertEquals(6, full.getInt("usersCreated"));
        as(owner).get(base + "/users/alice").then().statusCode(200).body("source", equalTo("ldap"));
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "alice", "report.read"));
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "alice", "deploy.run"), "nested: backend is in engineering");
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "bob", "deploy.run"));
        org.junit.jupiter.api.Assertions.assertFalse(allowed(a, "bob", "report.read"));

        // an admin-granted role survives a sync
        as(owner).body(Map.of()).put(base + "/users/bob/roles/reporter").then().statusCode(201);
        io.restassured.path.json.JsonPath again = sync(a, false);
        org.junit.jupiter.api.Assertions.assertEquals("succeeded", again.getString("status"));
        org.junit.jupiter.api.Assertions.assertEquals(0, again.getInt("usersCreated"));
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "bob", "report.read"));

        // an incremental run picks up a new hire and the group change
        directory.server().add("dn: uid=erin,ou=people," + BASE_DN, "objectClass: inetOrgPerson", "uid: erin", "cn: Erin",
                "sn: Erin", "mail: erin@example.test");
        directory.server().modify("cn=analysts,ou=groups," + BASE_DN,
                new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.ADD, "member",
                        "uid=erin,ou=people," + BASE_DN));
        io.restassured.path.json.JsonPath incremental = as(owner).body(Map.of("mode", "incremental"))
                .post(base + "/directory/ldap/sync").then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("succeeded", incremental.getString("status"), incremental.prettify());
        org.junit.jupiter.api.Assertions.assertEquals("incremental", incremental.getString("mode"));
        org.junit.jupiter.api.Assertions.assertEquals(1, incremental.getInt("usersCreated"));
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "erin", "report.read"));

        // over the threshold: 2 of 7 users gone (29 % > 10 %) aborts and changes nothing
        directory.server().delete("uid=alice,ou=people," + BASE_DN);
        directory.server().delete("uid=bob,ou=people," + BASE_DN);
        io.restassured.path.json.JsonPath aborted = sync(a, false);
        org.junit.jupiter.api.Assertions.assertEquals("aborted", aborted.getString("status"));
        org.junit.jupiter.api.Assertions.assertNotNull(aborted.getString("error"));
        as(owner).get(base + "/users/alice").then().statusCode(200).body("status", equalTo("active"));
        org.junit.jupiter.api.Assertions.assertTrue(allowed(a, "alice", "report.read"));

        as(owner).get(base + "/directory/ldap/runs").then().statusCode(200).body("items.size()", equalTo(5));
        as(owner).get(base + "/directory/ldap/runs/" + aborted.getString("id")).then().statusCode(200)
                .body("status", equalTo("aborted"));
        as(owner).get(base + "/directory/ldap/runs/nope").then().statusCode(404);
        org.hamcrest.MatcherAssert.assertThat(as(owner).get(base + "/audit?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.action == 'ldap.sync' }").size(), greaterThan(1));
        // bulk-written entries keep the hash chain, and a run is one revision
        as(owner).get(base + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        io.restassured.path.json.JsonPath log = as(owner).get(base + "/audit?limit=1000").then().statusCode(200).extract().jsonPath();
        List<Integer> creations = log.getList("items.findAll { it.action == 'user.create' }.revision");
        org.junit.jupiter.api.Assertions.assertEquals(7, creations.size());
        org.junit.jupiter.api.Assertions.assertEquals(6, creations.stream().filter(r -> r.equals(creations.get(0))).count(),
                "the six users of the first full run share its revision");
        org.junit.jupiter.api.Assertions.assertEquals(List.of("member.add", "assignment.create"),
                log.getList("items.findAll { it.revision == " + creations.get(0) + " }.action").stream()
                        .filter(x -> x.equals("member.add") || x.equals("assignment.create")).distinct().toList());
    }

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @Test
    void aSecondRunWhileOneHoldsTheLockIsRefused() {
        String a = Api.createAccount("ldaplock");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/roles/reporter").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/roles/engineer").then().statusCode(201);
        as(owner).body(settings(10)).put(base + "/directory/ldap").then().statusCode(201);
        // stands in for a run on another replica: the same advisory lock, held by another transaction
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('rolegate.ldap-sync'), hashtext(?1))")
                    .setParameter(1, a).getSingleResult();
            as(owner).body(Map.of("mode", "full")).post(base + "/directory/ldap/sync").then().statusCode(409)
                    .body("code", equalTo("sync_in_progress"));
        });
        as(owner).get(base + "/directory/ldap/runs").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void refusalsAndFailures() {
        String a = Api.createAccount("ldapfail");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/roles/reporter").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/roles/engineer").then().statusCode(201);

        Map<String, Object> plain = settings(10);
        plain.put("allowPlaintext", false);
        as(owner).body(plain).put(base + "/directory/ldap").then().statusCode(400).body("code", equalTo("invalid_request"));
        Map<String, Object> unknownRole = settings(10);
        unknownRole.put("groupRoles", Map.of("cn=x," + BASE_DN, List.of("nope")));
        as(owner).body(unknownRole).put(base + "/directory/ldap").then().statusCode(422).body("code", equalTo("unknown_role"));

        Map<String, Object> wrong = settings(10);
        wrong.put("bindPassword", "not-the-password");
        as(owner).body(wrong).put(base + "/directory/ldap").then().statusCode(201);
        as(owner).post(base + "/directory/ldap/test").then().statusCode(502).body("code", equalTo("ldap_auth_failed"))
                .body("detail", not(org.hamcrest.Matchers.containsString("not-the-password")));
        io.restassured.path.json.JsonPath failed = sync(a, false);
        org.junit.jupiter.api.Assertions.assertEquals("failed", failed.getString("status"));
        org.junit.jupiter.api.Assertions.assertTrue(failed.getString("error").startsWith("ldap_auth_failed"), failed.getString("error"));

        // a PUT without bindPassword keeps the stored one
        Map<String, Object> keep = settings(10);
        keep.remove("bindPassword");
        as(owner).body(keep).put(base + "/directory/ldap").then().statusCode(200);
        as(owner).post(base + "/directory/ldap/test").then().statusCode(502).body("code", equalTo("ldap_auth_failed"));

        as(owner).body(Map.of("mode", "incremental")).post(base + "/directory/ldap/sync").then().statusCode(409)
                .body("code", equalTo("full_sync_required"));
        as(owner).body(Map.of("mode", "sideways")).post(base + "/directory/ldap/sync").then().statusCode(400);
        as(Tokens.check(a)).get(base + "/directory/ldap").then().statusCode(403);
    }

    /** The stored settings as {@code GET} shows them. */
    private static Map<String, Object> stored(String owner, String base) {
        return as(owner).get(base + "/directory/ldap").then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /**
     * Issue 11 item 2: a PUT without bindPassword keeps the stored one only for the same
     * destination. Each change of url (host, port, scheme), bindDn, startTls, allowPlaintext or
     * trustedCertificatePem without it is 400 secret_required at /bindPassword and stores nothing;
     * with it, 200.
     */
    @Test
    void aChangedDestinationNeedsThePasswordAgain() {
        String a = Api.createAccount("ldapdest");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/roles/reporter").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/roles/engineer").then().statusCode(201);
        Map<String, Object> original = settings(10);
        original.put("startTls", true); // not used to connect here: allowPlaintext can then change alone
        as(owner).body(original).put(base + "/directory/ldap").then().statusCode(201);
        Map<String, Object> before = stored(owner, base);

        Map<String, Map<String, Object>> changes = new java.util.LinkedHashMap<>();
        changes.put("host", Map.of("url", directory.ldapUrl().replace("localhost", "127.0.0.1")));
        changes.put("port", Map.of("url", "ldap://localhost:" + TestDirectory.freePort()));
        changes.put("scheme", Map.of("url", directory.ldapUrl().replace("ldap://", "ldaps://"), "startTls", false));
        changes.put("bindDn", Map.of("bindDn", "cn=admin," + BASE_DN));
        changes.put("startTls", Map.of("startTls", false));
        changes.put("allowPlaintext", Map.of("allowPlaintext", false));
        changes.put("trustedCertificatePem", Map.of("trustedCertificatePem",
                dev.rolegate.ldap.testing.TestCertificates.issue("localhost").caPem()));
        for (Map.Entry<String, Map<String, Object>> change : changes.entrySet()) {
            Map<String, Object> changed = new java.util.HashMap<>(original);
            changed.putAll(change.getValue());
            changed.remove("bindPassword");
            as(owner).body(changed).put(base + "/directory/ldap").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("secret_required"))
                    .body("errors.pointer", equalTo(List.of("/bindPassword")));
            org.junit.jupiter.api.Assertions.assertEquals(before, stored(owner, base), change.getKey() + ": nothing stored");
            // the same change through test, which would send the password to the new destination
            as(owner).body(changed).post(base + "/directory/ldap/test").then().statusCode(400)
                    .body("code", equalTo("secret_required")).body("errors.pointer", equalTo(List.of("/bindPassword")));

            changed.put("bindPassword", TestDirectory.PASSWORD);
            as(owner).body(changed).put(base + "/directory/ldap").then().statusCode(200);
            org.junit.jupiter.api.Assertions.assertNotEquals(before, stored(owner, base), change.getKey());
            as(owner).body(original).put(base + "/directory/ldap").then().statusCode(200);
        }

        // the same destination (spelled the same, other members changed) keeps the stored password
        Map<String, Object> plain = settings(10);
        as(owner).body(plain).put(base + "/directory/ldap").then().statusCode(200);
        Map<String, Object> keep = settings(25);
        keep.remove("bindPassword");
        as(owner).body(keep).put(base + "/directory/ldap").then().statusCode(200).body("maxRemovalPercent", equalTo(25));
        // the shared directory's users change with the other tests: count them now
        int users = as(owner).post(base + "/directory/ldap/test").then().statusCode(200).extract().jsonPath().getInt("users");
        org.hamcrest.MatcherAssert.assertThat(users, greaterThan(0));
        // test with a body of the same destination uses the stored password too
        as(owner).body(keep).post(base + "/directory/ldap/test").then().statusCode(200).body("users", equalTo(users));
    }

    /**
     * Issue 11 item 2: a host that never answered as an LDAP server (nothing listening, a
     * listener that answers HTTP, one that closes) gets one answer, in test and in a sync run:
     * ldap_unavailable with the same detail, no "refused", "timed out" or exception text.
     */
    @Test
    void aHostThatIsNoLdapServerGetsOneAnswer() {
        String a = Api.createAccount("ldapnoanswer");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of()).put(base + "/roles/reporter").then().statusCode(201);
        as(owner).body(Map.of()).put(base + "/roles/engineer").then().statusCode(201);
        try (dev.rolegate.ldap.testing.NotLdapListener garbage = dev.rolegate.ldap.testing.NotLdapListener.start(
                dev.rolegate.ldap.testing.NotLdapListener.Behaviour.GARBAGE);
             dev.rolegate.ldap.testing.NotLdapListener closing = dev.rolegate.ldap.testing.NotLdapListener.start(
                     dev.rolegate.ldap.testing.NotLdapListener.Behaviour.CLOSE)) {
            List<String> urls = List.of("ldap://localhost:" + TestDirectory.freePort(),
                    "ldap://localhost:" + garbage.port(), "ldap://localhost:" + closing.port());
            List<String> testDetails = new java.util.ArrayList<>();
            List<String> runErrors = new java.util.ArrayList<>();
            for (String url : urls) {
                Map<String, Object> s = settings(10);
                s.put("url", url);
                testDetails.add(as(owner).body(s).post(base + "/directory/ldap/test").then().statusCode(503)
                        .contentType("application/problem+json").body("code", equalTo("ldap_unavailable"))
                        .extract().jsonPath().getString("detail"));
                as(owner).body(s).put(base + "/directory/ldap").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
                io.restassured.path.json.JsonPath run = sync(a, false);
                org.junit.jupiter.api.Assertions.assertEquals("failed", run.getString("status"));
                runErrors.add(run.getString("error"));
            }
            String answer = dev.rolegate.ldap.LdapException.NO_LDAP_ANSWER;
            org.junit.jupiter.api.Assertions.assertEquals(List.of(answer, answer, answer), testDetails);
            org.junit.jupiter.api.Assertions.assertEquals(List.of("ldap_unavailable: " + answer), runErrors.stream().distinct().toList());
        }
    }

    @jakarta.inject.Inject
    dev.rolegate.ldap.LdapClientOptions clientOptions;

    @Test
    void theTimeoutsDefaultToFiveAndThirtySeconds() {
        org.junit.jupiter.api.Assertions.assertEquals(java.time.Duration.ofSeconds(5), clientOptions.connectTimeout());
        org.junit.jupiter.api.Assertions.assertEquals(java.time.Duration.ofSeconds(30), clientOptions.responseTimeout());
    }
}
