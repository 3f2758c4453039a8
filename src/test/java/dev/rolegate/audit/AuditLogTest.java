package dev.rolegate.audit;

import static dev.rolegate.testing.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Issue 3 item 5: every change audited in its transaction, append-only, hash-chained. */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    DataSource database;

    @Test
    void everyKindOfChangeIsAuditedWithWhoWhatBeforeAfterAndRequestId() {
        String a = Api.createAccount("audit");
        String base = "/v1/accounts/" + a;
        admin(a).header("X-Request-Id", "req-perm").body(Map.of("operations", List.of("x.run"))).put(base + "/permissions/x.use").then().statusCode(201);
        admin(a).body(Map.of("operations", List.of("x.run", "x.stop"))).put(base + "/permissions/x.use").then().statusCode(200);
        admin(a).body(Map.of("permissions", List.of("x.use"))).put(base + "/roles/xer").then().statusCode(201);
        admin(a).body(Map.of("description", "runs x", "permissions", List.of("x.use"))).put(base + "/roles/xer").then().statusCode(200);
        admin(a).body(Map.of("displayName", "Bob")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of("displayName", "Bobby")).put(base + "/users/bob").then().statusCode(200);
        admin(a).body(Map.of()).put(base + "/users/bob/roles/xer").then().statusCode(201);
        admin(a).body(Map.of("expiresAt", "2099-01-01T00:00:00Z")).put(base + "/users/bob/roles/xer").then().statusCode(200);
        admin(a).body(Map.of()).put(base + "/groups/g1").then().statusCode(201);
        admin(a).body(Map.of("displayName", "G one")).put(base + "/groups/g1").then().statusCode(200);
        admin(a).put(base + "/groups/g1/members/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/groups/g1/roles/xer").then().statusCode(201);
        admin(a).delete(base + "/groups/g1/roles/xer").then().statusCode(204);
        admin(a).delete(base + "/groups/g1/members/bob").then().statusCode(204);
        admin(a).delete(base + "/users/bob/roles/xer").then().statusCode(204);
        admin(a).delete(base + "/groups/g1").then().statusCode(204);
        admin(a).delete(base + "/users/bob").then().statusCode(204);
        admin(a).delete(base + "/roles/xer").then().statusCode(204);
        admin(a).delete(base + "/permissions/x.use").then().statusCode(204);

        JsonPath log = admin(a).get(base + "/audit?limit=1000").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("account.create", "permission.create", "permission.update", "role.create", "role.update",
                        "user.create", "user.update", "assignment.create", "assignment.update", "group.create", "group.update",
                        "member.add", "assignment.create", "assignment.delete", "member.remove", "assignment.delete",
                        "group.delete", "user.delete", "role.delete", "permission.delete"),
                log.getList("items.action"));
        assertNull(log.get("next"));
        // newest last, ids 1..n
        assertEquals(1, log.getInt("items[0].id"));
        assertEquals(20, log.getInt("items[19].id"));
        // who: the admin token's subject; the platform created the account
        assertEquals("platform-operator", log.getString("items[0].actor"));
        assertEquals(dev.rolegate.testing.Tokens.adminSubject(a), log.getString("items[1].actor"));
        // what, before and after, request id, revision
        assertEquals("permission:x.use", log.getString("items[1].target"));
        assertEquals("req-perm", log.getString("items[1].requestId"));
        assertNull(log.get("items[1].before"));
        assertEquals(List.of("x.run"), log.getList("items[1].after.operations"));
        assertEquals(List.of("x.run"), log.getList("items[2].before.operations"));
        assertEquals(List.of("x.run", "x.stop"), log.getList("items[2].after.operations"));
        assertEquals("user:bob/role:xer", log.getString("items[8].target"));
        assertNull(log.get("items[8].before.expiresAt"));
        assertEquals("2099-01-01T00:00:00Z", log.getString("items[8].after.expiresAt"));
        assertEquals("Bobby", log.getString("items[17].before.displayName"));
        assertNull(log.get("items[17].after"));
        assertEquals(log.getString("items[0].hash"), log.getString("items[1].prevHash"));

        // paging: after=id, newest last
        JsonPath page = admin(a).get(base + "/audit?after=18&limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("role.delete"), page.getList("items.action"));
        assertEquals("19", page.getString("next"));

        admin(a).get(base + "/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("entries", equalTo(20)).body("firstBroken", nullValue());
    }

    @Inject
    dev.rolegate.change.UnitOfWork writes;

    private static final dev.rolegate.platform.Attribution TEST = new dev.rolegate.platform.Attribution("test", "req-bulk");

    @Test
    void aBulkAppendContinuesTheChainExactlyAsSingleAppendsWould() {
        String a = Api.createAccount("audit-bulk");
        String base = "/v1/accounts/" + a;
        long before = audit.count(a);
        int many = dev.rolegate.platform.BulkRows.CHUNK + 3; // more than one statement's worth
        QuarkusTransaction.requiringNew().run(() -> writes.in(a, TEST, work -> {
            work.note(Action.SSO_LOGIN, "x:0", Map.of("n", 0));
            List<Change> changes = new java.util.ArrayList<>();
            for (int i = 1; i <= many; i++) {
                changes.add(i % 2 == 0 ? Change.updated(ChangeKind.GROUP, "x:" + i, Map.of("n", i - 1), Map.of("n", i, "s", "ü\t'\""))
                        : Change.created(ChangeKind.GROUP, "x:" + i, Map.of("n", i, "s", "ü\t'\"")));
            }
            work.recordAll(changes);
            work.note(Action.SSO_LOGIN, "x:last", Map.of("n", many));
            return null;
        }));
        assertEquals(before + many + 2, audit.count(a));
        admin(a).get(base + "/audit/verify").then().statusCode(200).body("valid", equalTo(true))
                .body("entries", equalTo((int) (before + many + 2)));
        JsonPath log = admin(a).get(base + "/audit?after=" + before + "&limit=3").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("sso.login", "group.create", "group.update"), log.getList("items.action"));
        assertEquals(List.of("x:0", "x:1", "x:2"), log.getList("items.target"));
        assertEquals("ü\t'\"", log.getString("items[1].after.s"));
        assertEquals(1, log.getInt("items[2].before.n"));
        assertEquals(log.getString("items[0].hash"), log.getString("items[1].prevHash"));
    }

    @Test
    void aFailedWriteLeavesNoEntry() {
        String a = Api.createAccount("audit-fail");
        String base = "/v1/accounts/" + a;
        long before = audit.count(a);
        // refused by validation against the data (422) and by a conflict (409): nothing audited
        admin(a).body(Map.of("permissions", List.of("no.such"))).put(base + "/roles/r").then().statusCode(422);
        admin(a).delete(base + "/roles/viewer").then().statusCode(409);
        assertEquals(before, audit.count(a));
        // an entry recorded by a transaction that then fails goes with it
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            writes.in(a, TEST, work -> {
                work.record(Change.created(ChangeKind.GROUP, "group:x", Map.of("x", 1)));
                return null;
            });
            throw new IllegalStateException("the change fails after its audit entry");
        }));
        assertEquals(before, audit.count(a));
        admin(a).get(base + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void theServiceCannotRewriteTheLogAndAnEditedRowBreaksTheChain() throws SQLException {
        String a = Api.createAccount("audit-tamper");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("displayName", "Bob")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of("displayName", "Carol")).put(base + "/users/carol").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/carol/roles/viewer").then().statusCode(201);
        admin(a).get(base + "/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("entries", equalTo(4)).body("firstBroken", nullValue());

        try (Connection c = database.getConnection()) {
            // the trigger refuses UPDATE and DELETE to the service's own database role
            SQLException update = assertThrows(SQLException.class, () -> execute(c,
                    "UPDATE audit_log SET actor = 'mallory' WHERE account_id = ? AND seq = 2", a));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> execute(c, "DELETE FROM audit_log WHERE account_id = ? AND seq = 3", a));

            // someone with the table owner's rights disables the trigger and rewrites entry 3
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
            }
            try {
                execute(c, "UPDATE audit_log SET after_json = replace(after_json, 'Carol', 'Mallory') WHERE account_id = ? AND seq = 3", a);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete");
                }
            }
        }
        admin(a).get(base + "/audit/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("entries", equalTo(4)).body("firstBroken", equalTo(3));
    }

    @Test
    void theAuditLogIsNotReadableWithACheckTokenOrFromAnotherAccount() {
        String a = Api.createAccount("audit-own");
        String b = Api.createAccount("audit-other");
        Api.as(dev.rolegate.testing.Tokens.check(a)).get("/v1/accounts/" + a + "/audit").then().statusCode(403);
        admin(b).get("/v1/accounts/" + a + "/audit").then().statusCode(403);
        admin(b).get("/v1/accounts/" + a + "/audit/verify").then().statusCode(403);
        admin(a).get("/v1/accounts/" + a + "/audit?after=-1").then().statusCode(400);
    }

    private static void execute(Connection c, String sql, String account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, account);
            s.executeUpdate();
        }
    }
}
