package dev.rolegate.ldapsync;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.SearchGate;
import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.SettableClock;
import dev.rolegate.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The life of LDAP sync runs (issue 6 item 2): async runs (202, Location, progress, final record),
 * one run per account (409 at once while one runs), scheduled runs and their mode, and runs left
 * {@code running} by a dead process reading as {@code interrupted}.
 */
@QuarkusTest
class LdapSyncRunsTest {

    private static final String BASE_DN = "dc=example,dc=test";
    private static final SearchGate GATE = new SearchGate();
    private static TestDirectory directory;

    @Inject
    EntityManager em;

    @Inject
    SettableClock clock;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder(BASE_DN).ldif("directory.ldif").interceptor(GATE).start();
    }

    @AfterAll
    static void stop() {
        GATE.open();
        directory.close();
    }

    private static String configured(String prefix, Map<String, Object> extra) {
        String a = Api.createAccount(prefix);
        Map<String, Object> settings = directory.apiSettings();
        settings.putAll(extra);
        as(Tokens.admin(a)).body(settings).put("/v1/accounts/" + a + "/directory/ldap").then().statusCode(201);
        return a;
    }

    private static JsonPath run(String account, String id) {
        return as(Tokens.admin(account)).get("/v1/accounts/" + account + "/directory/ldap/runs/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<Map<String, Object>> runs(String account) {
        return as(Tokens.admin(account)).get("/v1/accounts/" + account + "/directory/ldap/runs").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** Polls every 100 ms until {@code done} holds; fails after {@code timeout}. */
    private static <T> T await(Duration timeout, java.util.function.Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + "; last: " + value);
            }
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    @Test
    void anAsyncRunAnswers202AtOnceShowsItsProgressAndRefusesASecondRun() throws Exception {
        String a = configured("ldapasync", Map.of());
        String base = "/v1/accounts/" + a + "/directory/ldap";
        String owner = Tokens.admin(a);
        GATE.close();
        try {
            var accepted = as(owner).body(Map.of("mode", "full", "async", true)).post(base + "/sync").then().statusCode(202)
                    .body("status", equalTo("running")).body("trigger", equalTo("api"))
                    .body("requestedBy", equalTo("owner@" + a + ".test")).body("mode", equalTo("full"))
                    .extract();
            String id = accepted.jsonPath().getString("id");
            org.hamcrest.MatcherAssert.assertThat(accepted.header("Location"), endsWith(base + "/runs/" + id));
            assertTrue(List.of("queued", "reading").contains(accepted.jsonPath().getString("phase")));

            await(Duration.ofSeconds(20), GATE::held, held -> held > 0);
            JsonPath reading = run(a, id);
            assertEquals("running", reading.getString("status"));
            assertEquals("reading", reading.getString("phase"));
            assertNull(reading.getString("finishedAt"));

            // a second run of the account is refused at once, waiting or not
            as(owner).body(Map.of("mode", "full")).post(base + "/sync").then().statusCode(409)
                    .body("code", equalTo("sync_in_progress"));
            as(owner).body(Map.of("mode", "full", "async", true)).post(base + "/sync").then().statusCode(409)
                    .body("code", equalTo("sync_in_progress"));
            assertEquals(1, runs(a).size(), "refused runs leave no record");
            GATE.open();

            JsonPath done = await(Duration.ofSeconds(30), () -> run(a, id), r -> !"running".equals(r.getString("status")));
            assertEquals("succeeded", done.getString("status"), done.prettify());
            assertEquals("done", done.getString("phase"));
            assertEquals(6, done.getInt("usersCreated"));
            assertEquals(5, done.getInt("groupsCreated"));
            assertEquals(11, done.getInt("entriesRead"), "6 users and 5 groups");
            assertTrue(done.getString("finishedAt") != null);
            as(owner).get("/v1/accounts/" + a + "/users/alice").then().statusCode(200).body("source", equalTo("ldap"));
        } finally {
            GATE.open();
        }

        // the lock was released with the final record: a waiting run goes through
        as(owner).body(Map.of("mode", "incremental")).post(base + "/sync").then().statusCode(200)
                .body("status", equalTo("succeeded")).body("trigger", equalTo("api")).body("phase", equalTo("done"));
        // refusals that need no run come before the 202
        String fresh = configured("ldapasync", Map.of());
        as(Tokens.admin(fresh)).body(Map.of("mode", "incremental", "async", true))
                .post("/v1/accounts/" + fresh + "/directory/ldap/sync").then().statusCode(409)
                .body("code", equalTo("full_sync_required"));
        String none = Api.createAccount("ldapasync");
        as(Tokens.admin(none)).body(Map.of("async", true)).post("/v1/accounts/" + none + "/directory/ldap/sync").then()
                .statusCode(404).body("code", equalTo("ldap_not_configured"));
    }

    /** The account's audit entries of {@code action}, oldest first. */
    private static List<Map<String, Object>> audit(String account, String action) {
        List<Map<String, Object>> items = as(Tokens.admin(account)).get("/v1/accounts/" + account + "/audit?limit=1000").then()
                .statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(e -> action.equals(e.get("action"))).toList();
    }

    /** Each entry of {@code action} names {@code actor} and {@code requestId}; there are {@code count} of them. */
    private static void assertAttributed(String account, String action, int count, String actor, String requestId) {
        List<Map<String, Object>> entries = audit(account, action);
        assertEquals(count, entries.size(), action + " entries: " + entries);
        for (Map<String, Object> entry : entries) {
            assertEquals(actor, entry.get("actor"), entry.toString());
            assertEquals(requestId, entry.get("requestId"), entry.toString());
        }
    }

    @Test
    void aRunsAuditEntriesNameTheAdminWhoRequestedItAndTheRequest() throws Exception {
        // the run executes on a pool thread, outside the request: the attribution travels with it
        String waited = configured("ldapactor", Map.of());
        as(Tokens.admin(waited)).header("X-Request-Id", "sync-waited-1").body(Map.of("mode", "full"))
                .post("/v1/accounts/" + waited + "/directory/ldap/sync").then().statusCode(200)
                .body("status", equalTo("succeeded")).body("usersCreated", equalTo(6));
        assertAttributed(waited, "user.create", 6, Tokens.adminSubject(waited), "sync-waited-1");
        assertAttributed(waited, "group.create", 5, Tokens.adminSubject(waited), "sync-waited-1");
        assertAttributed(waited, "ldap.sync", 1, Tokens.adminSubject(waited), "sync-waited-1");

        String async = configured("ldapactor", Map.of());
        String id = as(Tokens.admin(async)).header("X-Request-Id", "sync-async-1").body(Map.of("mode", "full", "async", true))
                .post("/v1/accounts/" + async + "/directory/ldap/sync").then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath done = await(Duration.ofSeconds(30), () -> run(async, id), r -> !"running".equals(r.getString("status")));
        assertEquals("succeeded", done.getString("status"), done.prettify());
        assertAttributed(async, "user.create", 6, Tokens.adminSubject(async), "sync-async-1");
        assertAttributed(async, "ldap.sync", 1, Tokens.adminSubject(async), "sync-async-1");

        // a run with nothing to change still records its ldap.sync entry, named the same way
        as(Tokens.admin(async)).header("X-Request-Id", "sync-async-2").body(Map.of("mode", "incremental", "async", true))
                .post("/v1/accounts/" + async + "/directory/ldap/sync").then().statusCode(202);
        List<Map<String, Object>> syncs = await(Duration.ofSeconds(30), () -> audit(async, "ldap.sync"), e -> e.size() == 2);
        assertEquals(Tokens.adminSubject(async), syncs.get(1).get("actor"));
        assertEquals("sync-async-2", syncs.get(1).get("requestId"));
        as(Tokens.admin(async)).get("/v1/accounts/" + async + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void aRunningRowWhoseLockNobodyHoldsReadsAsInterrupted() throws Exception {
        String a = configured("ldapstale", Map.of());
        String stale = "stale-" + a;
        String live = "live-" + a;
        QuarkusTransaction.requiringNew().run(() -> {
            for (String id : List.of(stale, live)) {
                em.createNativeQuery("INSERT INTO ldap_sync_run (account_id, id, mode, dry_run, status, started_at, trigger, phase) "
                        + "VALUES (?1, ?2, 'full', false, 'running', now(), 'api', 'applying')")
                        .setParameter(1, a).setParameter(2, id).executeUpdate();
            }
        });
        // while some session holds the account's lock (as a live run on another replica would),
        // its running rows stay running
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('rolegate.ldap-sync'), hashtext(?1))")
                    .setParameter(1, a).getSingleResult();
            JsonPath held = run(a, live);
            assertEquals("running", held.getString("status"));
            assertEquals("applying", held.getString("phase"));
        });
        // the lock's owner is gone: both read as interrupted, in the list as in the single read
        JsonPath interrupted = run(a, stale);
        assertEquals("failed", interrupted.getString("status"));
        assertEquals("interrupted", interrupted.getString("error"));
        assertEquals("done", interrupted.getString("phase"));
        assertTrue(interrupted.getString("finishedAt") != null);
        List<Map<String, Object>> listed = runs(a);
        assertEquals(2, listed.size());
        listed.forEach(r -> assertEquals("interrupted", r.get("error"), r.toString()));
        // and the account can run again
        as(Tokens.admin(a)).body(Map.of("mode", "full")).post("/v1/accounts/" + a + "/directory/ldap/sync").then()
                .statusCode(200).body("status", equalTo("succeeded"));
    }

    private static List<Map<String, Object>> scheduled(String account) {
        return runs(account).stream().filter(r -> "scheduled".equals(r.get("trigger")) && !"running".equals(r.get("status")))
                .toList();
    }

    @Test
    void scheduledRunsStartFullThenIncrementalAndAFailingDirectoryStopsNoOtherAccount() throws Exception {
        Map<String, Object> wrongPassword = new HashMap<>();
        wrongPassword.put("schedule", "PT1M");
        wrongPassword.put("bindPassword", "not-the-password");
        String failing = configured("ldapsched", wrongPassword);
        String good = configured("ldapsched", Map.of("schedule", "PT1M"));
        try {
            // never run: due at the next tick (rolegate.ldap.scheduler-tick is 1 s in tests)
            await(Duration.ofSeconds(30), () -> scheduled(good), r -> r.size() == 1);
            // a minute later it is due again; the full run succeeded within the hour: incremental
            clock.advance(Duration.ofSeconds(61));
            List<Map<String, Object>> scheduled = await(Duration.ofSeconds(30), () -> scheduled(good), r -> r.size() == 2);
            // newest first: the first scheduled run was full (no full run before it), the next incremental
            Map<String, Object> first = scheduled.get(scheduled.size() - 1);
            assertEquals("full", first.get("mode"), first.toString());
            assertEquals("succeeded", first.get("status"), first.toString());
            assertEquals(6, first.get("usersCreated"));
            assertEquals(false, first.containsKey("requestedBy"));
            assertEquals(LdapSyncService.SCHEDULER_ACTOR, audit(good, "user.create").get(0).get("actor"));
            assertEquals(null, audit(good, "user.create").get(0).get("requestId"));
            Map<String, Object> next = scheduled.get(scheduled.size() - 2);
            assertEquals("incremental", next.get("mode"), next.toString());
            assertEquals("succeeded", next.get("status"), next.toString());

            List<Map<String, Object>> failed = await(Duration.ofSeconds(30),
                    () -> runs(failing).stream().filter(r -> "failed".equals(r.get("status"))).toList(), r -> !r.isEmpty());
            assertEquals("scheduled", failed.get(0).get("trigger"));
            assertEquals("full", failed.get(0).get("mode"));
            assertTrue(failed.get(0).get("error").toString().startsWith("ldap_auth_failed"), failed.get(0).toString());
        } finally {
            clock.reset();
            for (String a : List.of(failing, good)) {
                Map<String, Object> unscheduled = directory.apiSettings();
                unscheduled.remove("bindPassword");
                as(Tokens.admin(a)).body(unscheduled).put("/v1/accounts/" + a + "/directory/ldap").then().statusCode(200);
            }
            await(Duration.ofSeconds(30), () -> ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT count(*) FROM ldap_sync_run WHERE status = 'running' AND account_id IN (?1, ?2)")
                    .setParameter(1, failing).setParameter(2, good).getSingleResult())).intValue(), n -> n == 0);
        }
    }
}
