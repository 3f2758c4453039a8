package dev.rolegate.replica;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.TestDirectory;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sync run killed midway leaves no trace (issue 6 acceptance). The run is killed <b>during
 * apply</b>: the test holds {@code LOCK TABLE user_role IN SHARE MODE} from its own connection, so
 * the run, having bumped the account's revision and written rows in its transaction, blocks on
 * its first assignment; the test sees it waiting there (pg_stat_activity, pg_locks), kills the
 * service process with SIGKILL, releases the table, and starts the service again on the same
 * database. Then: no LDAP user, group, membership or assignment, the revision and the audit log
 * as before the run, the run {@code failed} with error {@code interrupted}, and a new full run
 * succeeds. The directory is UnboundID's in-memory server in the test JVM.
 *
 * <p>The service runs with <b>no datasource password configured</b> (the embedded PostgreSQL
 * trusts local connections): the pool, the change-notification listener ({@code RevisionFeed},
 * readiness) and the sync lock's own connection ({@code SyncLock}) all connect without one, and
 * a check after the sync answers from the synced data.
 */
class LdapSyncKillIT {

    private static final String ACCOUNT = "ldapkill";
    private static ReplicaFixture fixture;
    private static TestDirectory directory;
    private static ServiceProcess service;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReplicaFixture();
        directory = TestDirectory.builder("dc=example,dc=test").ldif("directory.ldif").start();
        environment = fixture.environmentWithoutPassword(Map.of("ROLEGATE_LDAP_SCHEDULER_TICK", "off"));
        service = ServiceProcess.start("ldap-kill-1", environment);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (directory != null) {
            directory.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aRunKilledDuringApplyLeavesNoTrace() throws Exception {
        fixture.as(service, fixture.token(null, "platform", "rbac:platform"))
                .body(Map.of("id", ACCOUNT, "name", "Kill", "template", "saas-analytics", "owner", "olga"))
                .post("/v1/accounts").then().statusCode(201);
        String admin = fixture.token(ACCOUNT, "olga", "rbac:admin");
        String base = "/v1/accounts/" + ACCOUNT;
        fixture.as(service, admin).body(Map.of()).put(base + "/roles/reporter").then().statusCode(201);
        Map<String, Object> settings = directory.apiSettings();
        settings.put("groupRoles", Map.of("cn=analysts,ou=groups,dc=example,dc=test", List.of("reporter")));
        fixture.as(service, admin).body(settings).put(base + "/directory/ldap").then().statusCode(201);
        long revision = revision(admin);
        int audit = auditEntries(admin);

        String runId;
        try (Connection blocker = DriverManager.getConnection(fixture.jdbcUrl(), "postgres", "postgres")) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE user_role IN SHARE MODE");
            }
            runId = fixture.as(service, admin).body(Map.of("mode", "full", "async", true)).post(base + "/directory/ldap/sync")
                    .then().statusCode(202).body("status", equalTo("running")).extract().jsonPath().getString("id");
            long deadline = System.nanoTime() + 60_000_000_000L;
            int waiting = 0;
            while (waiting == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                waiting = waitingOnUserRole(blocker);
            }
            assertEquals(1, waiting, "the run's transaction waits for user_role, in the middle of apply");
            JsonPath running = fixture.as(service, admin).get(base + "/directory/ldap/runs/" + runId).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("running", running.getString("status"));
            assertEquals("applying", running.getString("phase"));
            assertEquals(11, running.getInt("entriesRead"));
            assertTrue(uncommittedWrites(blocker) > 0, "the run has written (uncommitted) rows when it is killed");

            service.kill();
            blocker.rollback();
        }
        awaitNoRunBackend();

        service = ServiceProcess.start("ldap-kill-2", environment);
        JsonPath interrupted = fixture.as(service, admin).get(base + "/directory/ldap/runs/" + runId).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("failed", interrupted.getString("status"));
        assertEquals("interrupted", interrupted.getString("error"));
        assertEquals(revision, revision(admin), "the revision the run bumped never committed");
        assertEquals(audit, auditEntries(admin), "no audit entry of the run");
        fixture.as(service, admin).get(base + "/users/alice").then().statusCode(404);
        fixture.as(service, admin).get(base + "/groups").then().statusCode(200).body("items.size()", equalTo(0));
        try (Connection c = DriverManager.getConnection(fixture.jdbcUrl(), "postgres", "postgres")) {
            assertEquals(0, count(c, "SELECT count(*) FROM app_user WHERE account_id = ? AND source = 'ldap'", ACCOUNT));
            assertEquals(0, count(c, "SELECT count(*) FROM user_group WHERE account_id = ?", ACCOUNT));
            assertEquals(0, count(c, "SELECT count(*) FROM group_member WHERE account_id = ?", ACCOUNT));
            assertEquals(0, count(c, "SELECT count(*) FROM user_role WHERE account_id = ? AND source = 'ldap'", ACCOUNT));
        }

        JsonPath again = fixture.as(service, admin).body(Map.of("mode", "full")).post(base + "/directory/ldap/sync").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("succeeded", again.getString("status"), again.prettify());
        assertEquals(6, again.getInt("usersCreated"));
        assertEquals(3, again.getInt("assignmentsAdded"));
        fixture.as(service, admin).get(base + "/users/alice").then().statusCode(200).body("source", equalTo("ldap"));
        assertTrue(revision(admin) > revision, "the new run committed");

        // a check on the synced user, and readiness (the LISTEN connection), with no password either
        long granted = Long.parseLong(fixture.as(service, admin).body(Map.of()).put(base + "/users/alice/roles/analyst")
                .then().statusCode(201).extract().header("Rolegate-Revision"));
        fixture.as(service, fixture.token(ACCOUNT, "backend", "rbac:check"))
                .body(Map.of("subject", "alice", "operation", "report.rename", "atLeastRevision", granted))
                .post(base + "/check").then().statusCode(200).body("allowed", equalTo(true));
        long deadline = System.nanoTime() + 30_000_000_000L;
        int ready;
        while ((ready = fixture.as(service, admin).get("/q/health/ready").statusCode()) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(200, ready, "ready: the change-notification listener connected without a password");
    }

    private long revision(String admin) {
        return fixture.as(service, admin).get("/v1/accounts/" + ACCOUNT).then().statusCode(200).extract().jsonPath()
                .getLong("revision");
    }

    private int auditEntries(String admin) {
        return fixture.as(service, admin).get("/v1/accounts/" + ACCOUNT + "/audit?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }

    /** Backends other than {@code own}'s that wait for a lock on user_role. */
    private static int waitingOnUserRole(Connection own) throws SQLException {
        return count(own, "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                + "WHERE c.relname = 'user_role' AND NOT l.granted AND l.pid <> pg_backend_pid()");
    }

    /** Tables the waiting run holds RowExclusiveLock on besides user_role and ldap_sync_run: what it has written. */
    private static int uncommittedWrites(Connection own) throws SQLException {
        return count(own, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                + "WHERE l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r' "
                + "AND c.relname NOT IN ('user_role', 'ldap_sync_run') AND l.pid IN (SELECT w.pid FROM pg_locks w "
                + "JOIN pg_class wc ON wc.oid = w.relation WHERE wc.relname = 'user_role' AND NOT w.granted)");
    }

    /** Waits until no backend of the killed service is left (the blocked one ends when it next writes to the socket). */
    private static void awaitNoRunBackend() throws Exception {
        try (Connection c = DriverManager.getConnection(fixture.jdbcUrl(), "postgres", "postgres")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (count(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    + "AND pid <> pg_backend_pid()") > 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("backends of the killed service are still there");
                }
                Thread.sleep(100);
            }
        }
    }

    private static int count(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
