package dev.rolegate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.change.Action;
import dev.rolegate.platform.local.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading keeps the audit log valid (issue 12 item 2): a database that the previous release's
 * migrations (V0001-V0006) built and its code filled (the fixture holds the audit rows it wrote,
 * LDAP sync's {@code member.create} among them) still verifies after this release's migrations,
 * with the same chain code the service verifies with, and every stored action is one the
 * catalogue reads (today's spelling or a legacy one).
 */
class AuditUpgradeTest {

    @Test
    void anAuditLogWrittenByThePreviousReleaseStillVerifiesAfterTheUpgrade() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.temporary()) {
            Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("filesystem:migrations")
                    .target("6").load().migrate();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement()) {
                s.execute(Files.readString(Path.of("src/test/resources/upgrade/v0006-audit-log.sql")));
            }
            assertTrue(Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("filesystem:migrations")
                    .load().migrate().migrationsExecuted >= 1);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT account_id, seq, occurred_at, actor, action, target, before_json, after_json, "
                         + "request_id, revision, prev_hash, hash FROM audit_log ORDER BY account_id, seq")) {
                String previous = AuditChain.GENESIS;
                List<String> actions = new ArrayList<>();
                int rows = 0;
                while (rs.next()) {
                    String content = AuditChain.content(rs.getString(1), rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10));
                    assertEquals(previous, rs.getString(11), "entry " + rs.getLong(2) + " chains to the one before");
                    assertEquals(AuditChain.hash(previous, content), rs.getString(12), "entry " + rs.getLong(2) + " matches its hash");
                    previous = rs.getString(12);
                    actions.add(rs.getString(5));
                    rows++;
                }
                assertTrue(rows > 30, "the fixture's entries: " + rows);
                assertTrue(actions.contains("member.create"), "LDAP sync's old spelling is among them: " + actions);
                for (String action : actions) {
                    assertTrue(Action.ofSpelling(action).isPresent(), action + " is in the catalogue");
                }
                assertEquals(Action.MEMBER_ADD, Action.ofSpelling("member.create").orElseThrow());
            }
        }
    }
}
