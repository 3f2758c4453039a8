package dev.rolegate.transfer.store;

import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.transfer.api.AccountExport;
import dev.rolegate.platform.AccountRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.Session;

/**
 * Reads a whole account as an {@link AccountExport} and writes row changes in JDBC batches, on
 * the connection of the caller's transaction (mandatory). Every statement is scoped by the
 * account. Plain JDBC rather than entities: an import of thousands of rows must be a few
 * round trips, and an export must not load element collections one role at a time.
 */
@ApplicationScoped
public class TransferStore {


    @Inject
    EntityManager em;

    /**
     * Lets the current transaction flush its pending entity inserts (the audit entries of an
     * import, thousands of them) in JDBC batches of {@code size} statements rather than one
     * round trip each.
     */
    public void flushInBatchesOf(int size) {
        em.unwrap(Session.class).setJdbcBatchSize(size);
    }

    /**
     * Takes a share lock on the account row, which every write takes exclusively first
     * ({@code UnitOfWork.in}): no write can commit until the transaction ends, so the reads
     * that follow see one state.
     *
     * @return false when the account does not exist
     */
    public boolean lockForRead(String account) {
        return !em.createNativeQuery("SELECT revision FROM account WHERE id = ?1 FOR SHARE")
                .setParameter(1, account).getResultList().isEmpty();
    }

    /**
     * The account as an export document without {@code exportedAt}, every map and list sorted
     * (Java string order, not the database collation), or empty when the account does not exist.
     * Built-in {@code rbac.*} permissions ({@link AdminCatalog}) are left out of the catalog.
     */
    public Optional<AccountExport> read(String account) {
        em.flush();
        return em.unwrap(Session.class).doReturningWork(c -> read(c, account));
    }

    private static Optional<AccountExport> read(Connection c, String account) throws SQLException {
        List<AccountExport.Account> found = new ArrayList<>();
        long[] revision = new long[1];
        AccountRows.forEach(c, "SELECT id, name, template, revision FROM account WHERE id = ?", account, rs -> {
            found.add(new AccountExport.Account(rs.getString(1), rs.getString(2), rs.getString(3)));
            revision[0] = rs.getLong(4);
        });
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> permissionDescriptions = new TreeMap<>();
        Map<String, TreeSet<String>> operations = new TreeMap<>();
        AccountRows.forEach(c, "SELECT name, description FROM permission WHERE account_id = ?", account, rs -> {
            if (!AdminCatalog.PERMISSIONS.containsKey(rs.getString(1))) {
                permissionDescriptions.put(rs.getString(1), rs.getString(2));
                operations.put(rs.getString(1), new TreeSet<>());
            }
        });
        AccountRows.forEach(c, "SELECT permission, operation FROM permission_operation WHERE account_id = ?", account, rs -> {
            TreeSet<String> ops = operations.get(rs.getString(1));
            if (ops != null) {
                ops.add(rs.getString(2));
            }
        });
        TreeMap<String, AccountExport.Permission> permissions = new TreeMap<>();
        permissionDescriptions.forEach((name, description) -> permissions.put(name,
                new AccountExport.Permission(blankToNull(description), List.copyOf(operations.get(name)))));

        Map<String, String> roleDescriptions = new TreeMap<>();
        Map<String, TreeSet<String>> grants = new TreeMap<>();
        Map<String, TreeSet<String>> inherits = new TreeMap<>();
        AccountRows.forEach(c, "SELECT name, description FROM role WHERE account_id = ?", account, rs -> {
            roleDescriptions.put(rs.getString(1), rs.getString(2));
            grants.put(rs.getString(1), new TreeSet<>());
            inherits.put(rs.getString(1), new TreeSet<>());
        });
        AccountRows.forEach(c, "SELECT role, grant_name FROM role_grant WHERE account_id = ?", account,
                rs -> grants.get(rs.getString(1)).add(rs.getString(2)));
        AccountRows.forEach(c, "SELECT role, inherits FROM role_inheritance WHERE account_id = ?", account,
                rs -> inherits.get(rs.getString(1)).add(rs.getString(2)));
        TreeMap<String, AccountExport.Role> roles = new TreeMap<>();
        roleDescriptions.forEach((name, description) -> roles.put(name, new AccountExport.Role(blankToNull(description),
                List.copyOf(grants.get(name)), List.copyOf(inherits.get(name)))));

        List<AccountExport.User> users = new ArrayList<>();
        AccountRows.forEach(c, "SELECT id, email, display_name, status, source, external_id, external_dn FROM app_user WHERE account_id = ?",
                account, rs -> users.add(new AccountExport.User(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))));
        users.sort(Comparator.comparing(AccountExport.User::id));

        Map<String, String[]> groupRows = new TreeMap<>();
        Map<String, TreeSet<String>> members = new TreeMap<>();
        AccountRows.forEach(c, "SELECT id, display_name, source, external_id, external_dn FROM user_group WHERE account_id = ?", account, rs -> {
            groupRows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            members.put(rs.getString(1), new TreeSet<>());
        });
        AccountRows.forEach(c, "SELECT group_id, user_id FROM group_member WHERE account_id = ?", account,
                rs -> members.get(rs.getString(1)).add(rs.getString(2)));
        List<AccountExport.Group> groups = new ArrayList<>();
        groupRows.forEach((id, g) -> groups.add(new AccountExport.Group(id, g[0], g[1], g[2], g[3], List.copyOf(members.get(id)))));

        List<AccountExport.Assignment> assignments = new ArrayList<>();
        AccountRows.forEach(c, "SELECT user_id, role, source, valid_from, expires_at FROM user_role WHERE account_id = ?", account,
                rs -> assignments.add(new AccountExport.Assignment(rs.getString(1), null, rs.getString(2), rs.getString(3),
                        instant(rs, 4), instant(rs, 5))));
        AccountRows.forEach(c, "SELECT group_id, role, source, valid_from, expires_at FROM group_role WHERE account_id = ?", account,
                rs -> assignments.add(new AccountExport.Assignment(null, rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs, 4), instant(rs, 5))));
        assignments.sort(ASSIGNMENT_ORDER);

        return Optional.of(new AccountExport(AccountExport.FORMAT, AccountExport.VERSION, found.get(0), revision[0], null,
                new AccountExport.Catalog(permissions, roles), users, groups, assignments));
    }

    /** The order of {@link AccountExport#assignments()}: user ones first, then assignee, role, source. */
    public static final Comparator<AccountExport.Assignment> ASSIGNMENT_ORDER = Comparator
            .comparing((AccountExport.Assignment a) -> a.user() == null ? 1 : 0)
            .thenComparing(a -> a.user() != null ? a.user() : a.group())
            .thenComparing(AccountExport.Assignment::role)
            .thenComparing(AccountExport.Assignment::source);

    /**
     * Runs one statement for each row, in one JDBC batch; the values of a row bind to its
     * parameters in order ({@link Instant} as {@code timestamptz}).
     */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.flush();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        bind(s, i + 1, row[i]);
                    }
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    /** Runs one statement once. */
    public void execute(String sql, Object... values) {
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(values);
        batch(sql, rows);
    }

    private static void bind(PreparedStatement s, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            s.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        } else if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setObject(index, value);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
