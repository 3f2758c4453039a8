package dev.rolegate.ldapsync;

import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.platform.Attribution;
import dev.rolegate.ldap.LdapSettings;
import dev.rolegate.ldap.SyncChanges;
import dev.rolegate.ldap.SyncMode;
import dev.rolegate.ldap.UserStatus;
import dev.rolegate.platform.BulkRows;
import dev.rolegate.platform.BulkRows.Column;
import dev.rolegate.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Applies a ready sync plan ({@link SyncChanges}) to the account, in the caller's transaction, as
 * one unit of work ({@link UnitOfWork}): one revision, every row written with a few multi-row
 * statements ({@link BulkRows}), and one change item (and audit entry, appended in bulk) per
 * change, in the catalogue's spelling, in this order:
 * {@code group.create}, {@code user.create}, {@code user.update} (a rename: {@code before.id} is
 * the old id), {@code group.update}, {@code member.add}, {@code member.remove},
 * {@code assignment.create}, {@code assignment.delete}, {@code user.delete} or {@code user.update}
 * (deprovisioning), {@code group.delete}, then one {@code ldap.sync} entry for the run.
 *
 * <p>Provenance as the planner decided it: rows are created with source {@code ldap}, and only
 * {@code ldap} assignments are removed. A rename moves the user's memberships and assignments
 * (all sources) to the new id. A plan that removes anything must leave an active owner if there
 * was one (409 {@code last_owner}); an assignment of a role that no longer exists is 404
 * {@code role_not_found}; either rolls the run back.
 *
 * <p>A plan with no changes writes no revision: the run's {@code ldap.sync} audit entry is
 * recorded at the current revision under the account row lock, so snapshots stay cached.
 */
@ApplicationScoped
public class PlanWriter {

    private static final String LDAP = "ldap";
    private static final Logger LOG = Logger.getLogger(PlanWriter.class);

    @Inject
    UnitOfWork writes;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Applies {@code c} for run {@code runId}.
     *
     * @param by who the run's audit entries name: the admin who requested it, or the scheduler
     *           (the run executes on a pool thread, outside the request that asked for it)
     * @return the account revision after the run
     * @throws ProblemException 409 {@code last_owner}, 404 {@code role_not_found}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long apply(String account, SyncChanges c, String runId, SyncMode mode, Attribution by) {
        Map<String, Object> summary = Map.of("run", runId, "mode", mode.name().toLowerCase(Locale.ROOT), "counts", c.counts());
        if (c.isEmpty()) {
            return writes.noteUnchanged(account, by, Action.LDAP_SYNC, Change.LDAP_SETTINGS_KEY, summary);
        }
        long started = System.nanoTime();
        return writes.in(account, by, work -> {
            requireRoles(account, c.assignmentsToAdd());
            List<Change> changes = new ArrayList<>();
            em.flush();
            em.unwrap(Session.class).doWork(connection -> new Writing(connection, account, clock.instant()).apply(c, changes));
            work.recordAll(changes);
            work.note(Action.LDAP_SYNC, Change.LDAP_SETTINGS_KEY, summary);
            LOG.debugf("LDAP sync %s of account %s: %d changes written in %d ms", runId, account, changes.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return work.revision();
        });
    }

    private void requireRoles(String account, List<SyncChanges.AssignmentChange> adds) {
        Set<String> roles = new TreeSet<>();
        adds.forEach(a -> roles.add(a.role()));
        if (roles.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(em.createQuery(
                        "select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                .setParameter(1, account).setParameter(2, roles).getResultList());
        for (String role : roles) {
            if (!known.contains(role)) {
                throw ProblemException.notFound("role_not_found", "No role '" + role + "' in this account.");
            }
        }
    }

    /** One application: the id maps and the connection. */
    private static final class Writing {
        private final Connection connection;
        private final String account;
        private final OffsetDateTime now;
        /** LDAP users and groups: stable id → Rolegate id. */
        private final Map<String, String> userIds = new HashMap<>();
        private final Map<String, String> groupIds = new HashMap<>();
        private final Set<String> takenGroupIds = new HashSet<>();

        Writing(Connection connection, String account, Instant now) {
            this.connection = connection;
            this.account = account;
            this.now = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        }

        void apply(SyncChanges c, List<Change> events) throws SQLException {
            select("SELECT external_id, id FROM app_user WHERE account_id = ? AND source = 'ldap'", List.of(),
                    row -> userIds.put(row.getString(1), row.getString(2)));
            select("SELECT id, source, external_id FROM user_group WHERE account_id = ?", List.of(), row -> {
                takenGroupIds.add(row.getString(1));
                if (LDAP.equals(row.getString(2))) {
                    groupIds.put(row.getString(3), row.getString(1));
                }
            });
            createGroups(c.groupsToCreate(), events);
            createUsers(c.usersToCreate(), events);
            updateUsers(c.usersToUpdate(), events);
            updateGroups(c.groupsToUpdate(), events);
            addMemberships(c.membershipsToAdd(), events);
            removeMemberships(c.membershipsToRemove(), events);
            addAssignments(c.assignmentsToAdd(), events);
            removeAssignments(c.assignmentsToRemove(), events);
            deprovision(c.usersToDeprovision(), events);
            removeGroups(c.groupsToRemove(), events);
        }

        private void createGroups(List<SyncChanges.GroupCreate> creates, List<Change> events) throws SQLException {
            List<GroupRow> rows = new ArrayList<>();
            for (SyncChanges.GroupCreate g : creates) {
                GroupRow row = new GroupRow(groupId(g.name(), g.stableId(), takenGroupIds), g.name(), g.stableId(), g.dn().value());
                rows.add(row);
                groupIds.put(g.stableId(), row.id);
                events.add(Change.created(ChangeKind.GROUP, Change.groupKey(row.id), row.view()));
            }
            BulkRows.update(connection, "INSERT INTO user_group (account_id, source, created_at, updated_at, id, display_name, "
                            + "external_id, external_dn) SELECT ?, 'ldap', ?, ?, v.* FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS v",
                    List.of(account, now, now), rows, List.of(Column.text(r -> r.id), Column.text(r -> r.displayName),
                            Column.text(r -> r.externalId), Column.text(r -> r.dn)));
        }

        private void createUsers(List<SyncChanges.UserCreate> creates, List<Change> events) throws SQLException {
            List<UserRow> rows = new ArrayList<>();
            for (SyncChanges.UserCreate u : creates) {
                UserRow row = new UserRow(u.userId(), u.email(), u.displayName(), status(u.status()), LDAP, u.dn().value());
                rows.add(row);
                userIds.put(u.stableId(), row.id);
                events.add(Change.created(ChangeKind.USER, Change.userKey(row.id), row.view()));
            }
            BulkRows.update(connection, "INSERT INTO app_user (account_id, source, created_at, updated_at, id, email, display_name, "
                            + "status, external_id, external_dn) SELECT ?, 'ldap', ?, ?, v.* "
                            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS v",
                    List.of(account, now, now), creates, List.of(Column.text(SyncChanges.UserCreate::userId),
                            Column.text(SyncChanges.UserCreate::email), Column.text(SyncChanges.UserCreate::displayName),
                            Column.text(u -> status(u.status())), Column.text(SyncChanges.UserCreate::stableId),
                            Column.text(u -> u.dn().value())));
        }

        private void updateUsers(List<SyncChanges.UserUpdate> updates, List<Change> events) throws SQLException {
            for (SyncChanges.UserUpdate u : updates) {
                if (u.changed().contains(SyncChanges.UserField.USER_ID) && !u.userId().equals(u.currentId())) {
                    renameUser(u.currentId(), u.userId(), u.stableId());
                }
                userIds.put(u.stableId(), u.userId());
            }
            Map<String, UserRow> before = users(updates.stream().map(SyncChanges.UserUpdate::userId).toList());
            for (SyncChanges.UserUpdate u : updates) {
                UserRow old = before.get(u.userId());
                UserRow now = new UserRow(u.userId(), u.email(), u.displayName(), status(u.status()), old.source, u.dn().value());
                // a rename: the row read back is already the new id; the state before had the old one
                UserRow was = new UserRow(u.currentId(), old.email, old.displayName, old.status, old.source, old.dn);
                events.add(Change.updated(ChangeKind.USER, Change.userKey(u.userId()), was.view(), now.view()));
            }
            BulkRows.update(connection, "UPDATE app_user u SET email = v.email, display_name = v.display_name, status = v.status, "
                            + "external_dn = v.dn, updated_at = ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                            + "AS v (id, email, display_name, status, dn) WHERE u.account_id = ? AND u.id = v.id",
                    List.of(now), updates, List.of(Column.text(SyncChanges.UserUpdate::userId),
                            Column.text(SyncChanges.UserUpdate::email), Column.text(SyncChanges.UserUpdate::displayName),
                            Column.text(u -> status(u.status())), Column.text(u -> u.dn().value())), account);
        }

        private void updateGroups(List<SyncChanges.GroupUpdate> updates, List<Change> events) throws SQLException {
            Map<String, GroupRow> before = groups(updates.stream().map(SyncChanges.GroupUpdate::groupId).toList());
            for (SyncChanges.GroupUpdate g : updates) {
                GroupRow old = before.get(g.groupId());
                GroupRow now = new GroupRow(old.id, g.name(), old.externalId, g.dn().value(), old.source);
                events.add(Change.updated(ChangeKind.GROUP, Change.groupKey(g.groupId()), old.view(), now.view()));
            }
            BulkRows.update(connection, "UPDATE user_group g SET display_name = v.name, external_dn = v.dn, updated_at = ? "
                            + "FROM unnest(?::text[], ?::text[], ?::text[]) AS v (id, name, dn) WHERE g.account_id = ? AND g.id = v.id",
                    List.of(now), updates, List.of(Column.text(SyncChanges.GroupUpdate::groupId),
                            Column.text(SyncChanges.GroupUpdate::name), Column.text(g -> g.dn().value())), account);
        }

        private void addMemberships(List<SyncChanges.MembershipChange> adds, List<Change> events) throws SQLException {
            List<String[]> pairs = pairs(adds);
            for (String[] p : pairs) {
                events.add(Change.created(ChangeKind.MEMBER, Change.memberKey(p[0], p[1]), new MemberResponse(p[1])));
            }
            BulkRows.update(connection, "INSERT INTO group_member (account_id, group_id, user_id) "
                            + "SELECT ?, v.* FROM unnest(?::text[], ?::text[]) AS v",
                    List.of(account), pairs, List.of(Column.text(p -> p[0]), Column.text(p -> p[1])));
        }

        private void removeMemberships(List<SyncChanges.MembershipChange> removes, List<Change> events) throws SQLException {
            List<String[]> pairs = pairs(removes);
            for (String[] p : pairs) {
                events.add(Change.deleted(ChangeKind.MEMBER, Change.memberKey(p[0], p[1]), new MemberResponse(p[1])));
            }
            BulkRows.update(connection, "DELETE FROM group_member m USING unnest(?::text[], ?::text[]) AS v (g, u) "
                            + "WHERE m.account_id = ? AND m.group_id = v.g AND m.user_id = v.u",
                    List.of(), pairs, List.of(Column.text(p -> p[0]), Column.text(p -> p[1])), account);
        }

        private List<String[]> pairs(List<SyncChanges.MembershipChange> changes) {
            return changes.stream().map(m -> new String[] {groupIds.get(m.groupStableId()), userIds.get(m.userStableId())}).toList();
        }

        private void addAssignments(List<SyncChanges.AssignmentChange> adds, List<Change> events) throws SQLException {
            List<String[]> pairs = adds.stream().map(a -> new String[] {userIds.get(a.userStableId()), a.role()}).toList();
            for (String[] p : pairs) {
                events.add(Change.created(ChangeKind.ASSIGNMENT, Change.assignmentKey(AssigneeKind.USER, p[0], p[1]),
                        new AssignmentResponse(p[1], LDAP, null, null)));
            }
            BulkRows.update(connection, "INSERT INTO user_role (account_id, source, created_at, user_id, role) "
                            + "SELECT ?, 'ldap', ?, v.* FROM unnest(?::text[], ?::text[]) AS v",
                    List.of(account, now), pairs, List.of(Column.text(p -> p[0]), Column.text(p -> p[1])));
        }

        private void removeAssignments(List<SyncChanges.AssignmentChange> removes, List<Change> events) throws SQLException {
            List<String[]> pairs = removes.stream().map(a -> new String[] {userIds.get(a.userStableId()), a.role()}).toList();
            Map<String, AssignmentResponse> removed = new HashMap<>();
            BulkRows.query(connection, "DELETE FROM user_role r USING unnest(?::text[], ?::text[]) AS v (u, role) "
                            + "WHERE r.account_id = ? AND r.user_id = v.u AND r.role = v.role AND r.source = 'ldap' "
                            + "RETURNING r.user_id, r.role, r.valid_from, r.expires_at",
                    List.of(), pairs, List.of(Column.text(p -> p[0]), Column.text(p -> p[1])), row ->
                            removed.put(row.getString(1) + "\u0000" + row.getString(2), new AssignmentResponse(row.getString(2), LDAP,
                                    instant(row.getTimestamp(3)), instant(row.getTimestamp(4)))), account);
            for (String[] p : pairs) {
                AssignmentResponse before = removed.get(p[0] + "\u0000" + p[1]);
                if (before == null) {
                    throw ProblemException.notFound("assignment_not_found", "User '" + p[0] + "' has no [ldap] assignment of role '"
                            + p[1] + "'.");
                }
                events.add(Change.deleted(ChangeKind.ASSIGNMENT, Change.assignmentKey(AssigneeKind.USER, p[0], p[1]), before));
            }
        }

        private void deprovision(List<SyncChanges.UserDeprovision> deprovisions, List<Change> events) throws SQLException {
            Map<String, UserRow> before = users(deprovisions.stream().map(SyncChanges.UserDeprovision::userId).toList());
            cascaded("user_id", deprovisions.stream().filter(d -> d.action() == LdapSettings.Deprovision.DELETE
                    && before.containsKey(d.userId())).map(SyncChanges.UserDeprovision::userId).toList(), events);
            List<String> deleted = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            for (SyncChanges.UserDeprovision d : deprovisions) {
                UserRow old = before.get(d.userId());
                if (old == null) {
                    continue;
                }
                if (d.action() == LdapSettings.Deprovision.DELETE) {
                    deleted.add(d.userId());
                    events.add(Change.deleted(ChangeKind.USER, Change.userKey(d.userId()), old.view()));
                } else {
                    disabled.add(d.userId());
                    UserRow now = new UserRow(old.id, old.email, old.displayName, "disabled", old.source, old.dn);
                    events.add(Change.updated(ChangeKind.USER, Change.userKey(d.userId()), old.view(), now.view()));
                }
            }
            // memberships and assignments go with the user (ON DELETE CASCADE)
            BulkRows.update(connection, "DELETE FROM app_user WHERE account_id = ? AND id = ANY (?::text[])",
                    List.of(account), deleted, List.of(Column.text(id -> id)));
            BulkRows.update(connection, "UPDATE app_user SET status = 'disabled', updated_at = ? "
                            + "WHERE account_id = ? AND id = ANY (?::text[])",
                    List.of(now, account), disabled, List.of(Column.text(id -> id)));
        }

        private void removeGroups(List<SyncChanges.GroupRemoval> removals, List<Change> events) throws SQLException {
            Map<String, GroupRow> before = groups(removals.stream().map(SyncChanges.GroupRemoval::groupId).toList());
            cascaded("group_id", removals.stream().map(SyncChanges.GroupRemoval::groupId).filter(before::containsKey).toList(), events);
            List<String> ids = new ArrayList<>();
            for (SyncChanges.GroupRemoval g : removals) {
                GroupRow old = before.get(g.groupId());
                if (old != null) {
                    ids.add(g.groupId());
                    events.add(Change.deleted(ChangeKind.GROUP, Change.groupKey(g.groupId()), old.view()));
                }
            }
            for (String table : List.of("group_member", "group_role", "user_group")) {
                String column = "user_group".equals(table) ? "id" : "group_id";
                BulkRows.update(connection, "DELETE FROM " + table + " WHERE account_id = ? AND " + column + " = ANY (?::text[])",
                        List.of(account), ids, List.of(Column.text(id -> id)));
            }
        }

        /**
         * The memberships and role assignments (every source) that go with the users
         * ({@code column} {@code user_id}) or groups ({@code group_id}) about to be deleted, as
         * change items for the feed.
         */
        private void cascaded(String column, List<String> ids, List<Change> events) throws SQLException {
            if (ids.isEmpty()) {
                return;
            }
            select("SELECT group_id, user_id FROM group_member WHERE account_id = ? AND " + column + " = ANY (?::text[]) "
                    + "ORDER BY group_id, user_id", ids, row -> events.add(Change.deleted(ChangeKind.MEMBER,
                    Change.memberKey(row.getString(1), row.getString(2)), new MemberResponse(row.getString(2)))));
            AssigneeKind kind = "user_id".equals(column) ? AssigneeKind.USER : AssigneeKind.GROUP;
            String table = kind == AssigneeKind.USER ? "user_role" : "group_role";
            select("SELECT " + column + ", role, source, valid_from, expires_at FROM " + table + " WHERE account_id = ? AND "
                    + column + " = ANY (?::text[]) ORDER BY " + column + ", role, source", ids, row -> events.add(Change.deleted(
                    ChangeKind.ASSIGNMENT, Change.assignmentKey(kind, row.getString(1), row.getString(2)), new AssignmentResponse(
                            row.getString(2), row.getString(3), instant(row.getTimestamp(4)), instant(row.getTimestamp(5))))));
        }

        /** Moves a user, with its memberships and assignments, to a new user id (same stable id). */
        private void renameUser(String from, String to, String stableId) throws SQLException {
            dev.rolegate.directory.UserRenames.rename(connection, account, from, to, stableId);
        }

        private Map<String, UserRow> users(List<String> ids) throws SQLException {
            Map<String, UserRow> rows = new HashMap<>();
            select("SELECT id, email, display_name, status, source, external_dn FROM app_user "
                    + "WHERE account_id = ? AND id = ANY (?::text[])", ids, row -> rows.put(row.getString(1), new UserRow(
                    row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6))));
            return rows;
        }

        private Map<String, GroupRow> groups(List<String> ids) throws SQLException {
            Map<String, GroupRow> rows = new HashMap<>();
            select("SELECT id, display_name, external_id, external_dn, source FROM user_group "
                    + "WHERE account_id = ? AND id = ANY (?::text[])", ids, row -> rows.put(row.getString(1), new GroupRow(
                    row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5))));
            return rows;
        }

        /** A query on the account, and on {@code ids} when the statement takes a second parameter. */
        private void select(String sql, List<String> ids, BulkRows.RowReader reader) throws SQLException {
            if (sql.contains("ANY")) {
                BulkRows.query(connection, sql, List.of(account), ids, List.of(Column.text(id -> id)), reader);
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(10_000);
                statement.setString(1, account);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        reader.read(row);
                    }
                }
            }
        }
    }

    /** A user row; {@link #view} is its admin API wire shape. */
    private record UserRow(String id, String email, String displayName, String status, String source, String dn) {
        UserResponse view() {
            return new UserResponse(id, email, displayName, status, source);
        }
    }

    /** The audit view of a group row. */
    private record GroupRow(String id, String displayName, String externalId, String dn, String source) {
        GroupRow(String id, String displayName, String externalId, String dn) {
            this(id, displayName, externalId, dn, LDAP);
        }

        GroupResponse view() {
            return new GroupResponse(id, displayName, source);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String status(UserStatus status) {
        return status == UserStatus.DISABLED ? "disabled" : "active";
    }

    /** A group id from the group's name ({@link dev.rolegate.directory.GroupIds}), {@code ldap-} and the stable id when the name gives none. */
    static String groupId(String name, String stableId, Set<String> taken) {
        return dev.rolegate.directory.GroupIds.from(name, "ldap-" + stableId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ""), taken);
    }
}
