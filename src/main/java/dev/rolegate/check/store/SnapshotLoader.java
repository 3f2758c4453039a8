package dev.rolegate.check.store;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import io.agroal.api.AgroalDataSource;
import dev.rolegate.platform.AccountRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one account, consistently at one revision, into the engine's {@link AccountModel}.
 * Plain JDBC in one REPEATABLE READ read-only transaction (a snapshot of the database), not
 * JPA: an account of a million assignments must load in well under a second, and the engine
 * never sees an entity.
 */
@ApplicationScoped
public class SnapshotLoader {


    @Inject
    AgroalDataSource dataSource;

    /**
     * The account's current revision, or empty when the account does not exist.
     *
     * @throws SQLException when the database cannot be reached
     */
    public OptionalLong currentRevision(String account) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT revision FROM account WHERE id = ?")) {
            s.setString(1, account);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Loads the whole account at its current revision, or empty when it does not exist.
     *
     * @throws SQLException when the database cannot be reached
     */
    public Optional<AccountModel> load(String account) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                Optional<AccountModel> model = read(c, account);
                c.commit();
                return model;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Reads the account on {@code c}, in whatever transaction {@code c} is in (a writer passes its
     * own session to see its pending changes), or empty when it does not exist.
     */
    public static Optional<AccountModel> read(Connection c, String account) throws SQLException {
        long revision;
        try (PreparedStatement s = c.prepareStatement("SELECT revision FROM account WHERE id = ?")) {
            s.setString(1, account);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                revision = rs.getLong(1);
            }
        }
        Map<String, List<String>> operations = new LinkedHashMap<>();
        AccountRows.forEach(c, "SELECT name FROM permission WHERE account_id = ?", account,
                rs -> operations.put(rs.getString(1), new ArrayList<>()));
        AccountRows.forEach(c, "SELECT permission, operation FROM permission_operation WHERE account_id = ?", account,
                rs -> operations.get(rs.getString(1)).add(rs.getString(2)));
        List<PermissionDef> permissions = new ArrayList<>(operations.size());
        operations.forEach((name, ops) -> permissions.add(new PermissionDef(name, ops)));

        Map<String, List<String>> grants = new LinkedHashMap<>();
        Map<String, List<String>> inherits = new HashMap<>();
        AccountRows.forEach(c, "SELECT name FROM role WHERE account_id = ?", account, rs -> grants.put(rs.getString(1), new ArrayList<>()));
        AccountRows.forEach(c, "SELECT role, grant_name FROM role_grant WHERE account_id = ?", account,
                rs -> grants.get(rs.getString(1)).add(rs.getString(2)));
        AccountRows.forEach(c, "SELECT role, inherits FROM role_inheritance WHERE account_id = ?", account,
                rs -> inherits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        List<RoleDef> roles = new ArrayList<>(grants.size());
        grants.forEach((name, g) -> roles.add(new RoleDef(name, g, inherits.getOrDefault(name, List.of()))));

        List<UserDef> users = new ArrayList<>();
        AccountRows.forEach(c, "SELECT id, status FROM app_user WHERE account_id = ?", account,
                rs -> users.add(new UserDef(rs.getString(1), "active".equals(rs.getString(2)))));

        Map<String, List<String>> members = new LinkedHashMap<>();
        AccountRows.forEach(c, "SELECT id FROM user_group WHERE account_id = ?", account, rs -> members.put(rs.getString(1), new ArrayList<>()));
        AccountRows.forEach(c, "SELECT group_id, user_id FROM group_member WHERE account_id = ?", account,
                rs -> members.get(rs.getString(1)).add(rs.getString(2)));
        List<GroupDef> groups = new ArrayList<>(members.size());
        members.forEach((id, m) -> groups.add(new GroupDef(id, m)));

        List<AssignmentDef> assignments = new ArrayList<>();
        AccountRows.forEach(c, "SELECT user_id, role, source, valid_from, expires_at FROM user_role WHERE account_id = ?", account,
                rs -> assignments.add(assignment(AssigneeKind.USER, rs)));
        AccountRows.forEach(c, "SELECT group_id, role, source, valid_from, expires_at FROM group_role WHERE account_id = ?", account,
                rs -> assignments.add(assignment(AssigneeKind.GROUP, rs)));

        return Optional.of(new AccountModel(account, revision, permissions, roles, users, groups, assignments));
    }

    private static AssignmentDef assignment(AssigneeKind kind, ResultSet rs) throws SQLException {
        Timestamp from = rs.getTimestamp(4);
        Timestamp until = rs.getTimestamp(5);
        Validity validity = from == null && until == null ? Validity.ALWAYS
                : new Validity(from == null ? Instant.MIN : from.toInstant(), until == null ? Instant.MAX : until.toInstant());
        return new AssignmentDef(kind, rs.getString(1), rs.getString(2), AssignmentSource.fromWire(rs.getString(3)), validity);
    }
}
