package dev.rolegate.scim.store;

import dev.rolegate.platform.BulkRows;
import dev.rolegate.platform.BulkRows.Column;
import dev.rolegate.platform.NativeValues;
import dev.rolegate.scim.ScimFilters;
import dev.rolegate.scim.ScimRecords.GroupRow;
import dev.rolegate.scim.ScimRecords.Member;
import dev.rolegate.scim.ScimRecords.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The {@code scim_user} and {@code scim_group} rows of an account, and the group memberships of
 * SCIM groups, in SQL (PostgreSQL; {@code resource} is {@code jsonb}). Every statement is scoped
 * by the account first. Called inside the caller's transaction.
 */
@ApplicationScoped
public class ScimRows {

    private static final String USER_COLUMNS = "s.id, s.user_id, s.user_name, s.external_id, s.active, s.resource::text, "
            + "s.version, s.created_at, s.updated_at";
    private static final String GROUP_COLUMNS = "g.id, g.group_id, g.display_name, g.external_id, g.version, g.created_at, g.updated_at";

    @Inject
    EntityManager em;

    public Optional<UserRow> user(String account, String id) {
        return users("SELECT " + USER_COLUMNS + " FROM scim_user s WHERE s.account_id = ?1 AND s.id = ?2", account, id).stream().findFirst();
    }

    /** The SCIM user whose {@code userName} is {@code userName} without case. */
    public Optional<UserRow> userByName(String account, String userName) {
        return users("SELECT " + USER_COLUMNS + " FROM scim_user s WHERE s.account_id = ?1 AND lower(s.user_name) = lower(?2)",
                account, userName).stream().findFirst();
    }

    /** The SCIM user linked to Rolegate user {@code userId}. */
    public Optional<UserRow> userOf(String account, String userId) {
        return users("SELECT " + USER_COLUMNS + " FROM scim_user s WHERE s.account_id = ?1 AND s.user_id = ?2", account, userId)
                .stream().findFirst();
    }

    /**
     * A page of the SCIM users matching {@code filter}, oldest first.
     *
     * @param offset rows to skip (SCIM's {@code startIndex} - 1)
     */
    public List<UserRow> users(String account, ScimFilters.Sql filter, int offset, int limit) {
        Query query = em.createNativeQuery("SELECT " + USER_COLUMNS + " FROM scim_user s WHERE s.account_id = ?1 AND "
                + filter.where() + " ORDER BY s.created_at, s.id OFFSET " + offset + " LIMIT " + limit);
        return userRows(bind(query, account, filter));
    }

    public long countUsers(String account, ScimFilters.Sql filter) {
        return count("SELECT count(*) FROM scim_user s WHERE s.account_id = ?1 AND " + filter.where(), account, filter);
    }

    /** The Rolegate user ids of every SCIM user of the account. */
    @SuppressWarnings("unchecked")
    public List<String> allUserIds(String account) {
        return em.createNativeQuery("SELECT user_id FROM scim_user WHERE account_id = ?1 ORDER BY user_id")
                .setParameter(1, account).getResultList();
    }

    public void insertUser(String account, UserRow u) {
        em.createNativeQuery("INSERT INTO scim_user (account_id, id, user_id, user_name, external_id, active, resource, version, "
                        + "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8, ?9, ?10)")
                .setParameter(1, account).setParameter(2, u.id()).setParameter(3, u.userId()).setParameter(4, u.userName())
                .setParameter(5, u.externalId()).setParameter(6, u.active()).setParameter(7, u.resource())
                .setParameter(8, u.version()).setParameter(9, Timestamp.from(u.createdAt()))
                .setParameter(10, Timestamp.from(u.updatedAt())).executeUpdate();
    }

    public void updateUser(String account, UserRow u) {
        em.createNativeQuery("UPDATE scim_user SET user_id = ?3, user_name = ?4, external_id = ?5, active = ?6, "
                        + "resource = CAST(?7 AS jsonb), version = ?8, updated_at = ?9 WHERE account_id = ?1 AND id = ?2")
                .setParameter(1, account).setParameter(2, u.id()).setParameter(3, u.userId()).setParameter(4, u.userName())
                .setParameter(5, u.externalId()).setParameter(6, u.active()).setParameter(7, u.resource())
                .setParameter(8, u.version()).setParameter(9, Timestamp.from(u.updatedAt())).executeUpdate();
    }

    public void deleteUser(String account, String id) {
        em.createNativeQuery("DELETE FROM scim_user WHERE account_id = ?1 AND id = ?2").setParameter(1, account)
                .setParameter(2, id).executeUpdate();
    }

    /** SCIM user id → Rolegate user id, for those of {@code ids} that exist. */
    public Map<String, String> userIdsOf(String account, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        em.flush();
        em.unwrap(Session.class).doWork(connection -> BulkRows.query(connection,
                "SELECT s.id, s.user_id FROM scim_user s JOIN unnest(?::text[]) AS v(id) ON s.id = v.id WHERE s.account_id = ?",
                List.of(), new ArrayList<>(ids), List.of(Column.text(id -> id)), row -> found.put(row.getString(1), row.getString(2)),
                account));
        return found;
    }

    public Optional<GroupRow> group(String account, String id) {
        return groups("SELECT " + GROUP_COLUMNS + " FROM scim_group g WHERE g.account_id = ?1 AND g.id = ?2", account, id)
                .stream().findFirst();
    }

    /** The SCIM groups whose {@code displayName} is {@code displayName} without case. */
    public List<GroupRow> groupsNamed(String account, String displayName) {
        return groups("SELECT " + GROUP_COLUMNS + " FROM scim_group g WHERE g.account_id = ?1 AND lower(g.display_name) = lower(?2)",
                account, displayName);
    }

    /** Every SCIM group of the account. */
    public List<GroupRow> allGroups(String account) {
        return groups("SELECT " + GROUP_COLUMNS + " FROM scim_group g WHERE g.account_id = ?1 ORDER BY g.id", account);
    }

    public List<GroupRow> groups(String account, ScimFilters.Sql filter, int offset, int limit) {
        Query query = em.createNativeQuery("SELECT " + GROUP_COLUMNS + " FROM scim_group g WHERE g.account_id = ?1 AND "
                + filter.where() + " ORDER BY g.created_at, g.id OFFSET " + offset + " LIMIT " + limit);
        return groupRows(bind(query, account, filter));
    }

    public long countGroups(String account, ScimFilters.Sql filter) {
        return count("SELECT count(*) FROM scim_group g WHERE g.account_id = ?1 AND " + filter.where(), account, filter);
    }

    public void insertGroup(String account, GroupRow g) {
        em.createNativeQuery("INSERT INTO scim_group (account_id, id, group_id, display_name, external_id, version, created_at, "
                        + "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, account).setParameter(2, g.id()).setParameter(3, g.groupId()).setParameter(4, g.displayName())
                .setParameter(5, g.externalId()).setParameter(6, g.version()).setParameter(7, Timestamp.from(g.createdAt()))
                .setParameter(8, Timestamp.from(g.updatedAt())).executeUpdate();
    }

    public void updateGroup(String account, GroupRow g) {
        em.createNativeQuery("UPDATE scim_group SET display_name = ?3, external_id = ?4, version = ?5, updated_at = ?6 "
                        + "WHERE account_id = ?1 AND id = ?2")
                .setParameter(1, account).setParameter(2, g.id()).setParameter(3, g.displayName()).setParameter(4, g.externalId())
                .setParameter(5, g.version()).setParameter(6, Timestamp.from(g.updatedAt())).executeUpdate();
    }

    /** The SCIM users among the members of Rolegate group {@code groupId}, by userName. */
    @SuppressWarnings("unchecked")
    public List<Member> members(String account, String groupId) {
        List<Object[]> rows = em.createNativeQuery("SELECT s.id, s.user_id, s.user_name FROM group_member m JOIN scim_user s "
                        + "ON s.account_id = m.account_id AND s.user_id = m.user_id WHERE m.account_id = ?1 AND m.group_id = ?2 "
                        + "ORDER BY s.user_name, s.id")
                .setParameter(1, account).setParameter(2, groupId).getResultList();
        return rows.stream().map(r -> new Member((String) r[0], (String) r[1], (String) r[2])).toList();
    }

    /** Adds Rolegate users to a group, a few statements for any number. */
    public void addMembers(String account, String groupId, List<String> userIds) {
        bulk("INSERT INTO group_member (account_id, group_id, user_id) SELECT ?, ?, u FROM unnest(?::text[]) AS v(u) "
                + "ON CONFLICT DO NOTHING", List.of(account, groupId), userIds);
    }

    /** Removes Rolegate users from a group. */
    public void removeMembers(String account, String groupId, List<String> userIds) {
        bulk("DELETE FROM group_member m USING unnest(?::text[]) AS v(u) WHERE m.user_id = v.u AND m.account_id = ? "
                + "AND m.group_id = ?", List.of(), userIds, account, groupId);
    }

    /** The roles a user ({@code user_role}) or group ({@code group_role}) holds from source {@code scim}. */
    @SuppressWarnings("unchecked")
    public List<String> scimRoles(String account, boolean user, String assignee) {
        String sql = user ? "SELECT role FROM user_role WHERE account_id = ?1 AND user_id = ?2 AND source = 'scim' ORDER BY role"
                : "SELECT role FROM group_role WHERE account_id = ?1 AND group_id = ?2 AND source = 'scim' ORDER BY role";
        return em.createNativeQuery(sql).setParameter(1, account).setParameter(2, assignee).getResultList();
    }

    /** The ids of users whose id equals {@code id} without case (Rolegate ids are exact; SCIM userNames are not). */
    @SuppressWarnings("unchecked")
    public List<Object[]> usersNamed(String account, String id) {
        return em.createNativeQuery("SELECT id, source FROM app_user WHERE account_id = ?1 AND lower(id) = lower(?2) ORDER BY id")
                .setParameter(1, account).setParameter(2, id).getResultList();
    }

    /** The group ids of the account that start with {@code prefix}. */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> groupIdsStartingWith(String account, String prefix) {
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return new java.util.HashSet<>(em.createNativeQuery("SELECT id FROM user_group WHERE account_id = ?1 AND id LIKE ?2")
                .setParameter(1, account).setParameter(2, like).getResultList());
    }

    /** The roles of the account among {@code names}. */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> existingRoles(String account, Collection<String> names) {
        if (names.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(em.createQuery("select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2")
                .setParameter(1, account).setParameter(2, names).getResultList());
    }

    private void bulk(String sql, List<Object> leading, List<String> ids, Object... trailing) {
        if (ids.isEmpty()) {
            return;
        }
        em.flush();
        em.unwrap(Session.class).doWork(connection -> BulkRows.update(connection, sql, leading, ids,
                List.of(Column.text(id -> id)), trailing));
    }

    private List<UserRow> users(String sql, Object... parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return userRows(query);
    }

    private List<GroupRow> groups(String sql, Object... parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return groupRows(query);
    }

    @SuppressWarnings("unchecked")
    private static List<UserRow> userRows(Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new UserRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4],
                (String) r[5], ((Number) r[6]).longValue(), NativeValues.instant(r[7]), NativeValues.instant(r[8]))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<GroupRow> groupRows(Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new GroupRow((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue(), NativeValues.instant(r[5]), NativeValues.instant(r[6]))).toList();
    }

    private long count(String sql, String account, ScimFilters.Sql filter) {
        return ((Number) bind(em.createNativeQuery(sql), account, filter).getSingleResult()).longValue();
    }

    private static Query bind(Query query, String account, ScimFilters.Sql filter) {
        query.setParameter(1, account);
        for (int i = 0; i < filter.parameters().size(); i++) {
            query.setParameter(i + 2, filter.parameters().get(i));
        }
        return query;
    }
}
