package dev.rolegate.access.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The questions access asks its tables about an account's catalog and role graph, each a finder
 * that takes the account first (every table keys on {@code account_id}, DESIGN.md §6). They run
 * on the caller's transaction and see its pending changes once flushed. The rules that decide on
 * the answers are the engine's; {@code RoleGraphSqlPropertyTest} shows the answers agree with it.
 */
@ApplicationScoped
public class CatalogQueries {

    @Inject
    EntityManager em;

    /** Every permission of the account's catalog, the built-in ones included, sorted. */
    public List<String> permissionNames(String account) {
        return em.createQuery("select p.id from PermissionEntity p where p.accountId = ?1 order by p.id", String.class)
                .setParameter(1, account).getResultList();
    }

    /** Those of {@code names} that are permissions of the account. */
    public Set<String> existingPermissions(String account, Collection<String> names) {
        return new TreeSet<>(em.createQuery("select p.id from PermissionEntity p where p.accountId = ?1 and p.id in ?2", String.class)
                .setParameter(1, account).setParameter(2, names).getResultList());
    }

    /** Role → description, for those of {@code roles} that exist. */
    public Map<String, String> descriptions(String account, Collection<String> roles) {
        Map<String, String> descriptions = new java.util.HashMap<>();
        if (roles.isEmpty()) {
            return descriptions;
        }
        em.createQuery("select r.id, r.description from RoleEntity r where r.accountId = ?1 and r.id in ?2", Object[].class)
                .setParameter(1, account).setParameter(2, roles).getResultList()
                .forEach(row -> descriptions.put((String) row[0], (String) row[1]));
        return descriptions;
    }

    /** Those of {@code names} that are roles of the account. */
    public Set<String> existingRoles(String account, Collection<String> names) {
        return new TreeSet<>(em.createQuery("select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                .setParameter(1, account).setParameter(2, names).getResultList());
    }

    /** Every permission of the catalog that lists one of {@code operations}, sorted. */
    public Set<String> listing(String account, Collection<String> operations) {
        if (operations.isEmpty()) {
            return new TreeSet<>();
        }
        return new TreeSet<>(em.createQuery("select distinct p.id from PermissionEntity p join p.operations o "
                        + "where p.accountId = ?1 and o in ?2", String.class)
                .setParameter(1, account).setParameter(2, operations).getResultList());
    }

    /** The roles that grant {@code permission} by name (not through a wildcard), sorted. */
    public List<String> rolesGranting(String account, String permission) {
        return em.createQuery(
                "select r.id from RoleEntity r join r.grants g where r.accountId = ?1 and g = ?2 order by r.id", String.class)
                .setParameter(1, account).setParameter(2, permission).getResultList();
    }

    /** The grants (names, {@code prefix.*}, {@code *}) of the named roles, as stored. */
    public List<String> grantsOf(String account, Collection<String> roles) {
        return em.createQuery("select g from RoleEntity r join r.grants g where r.accountId = ?1 and r.id in ?2", String.class)
                .setParameter(1, account).setParameter(2, roles).getResultList();
    }

    /** The account's inheritance graph: role → the roles it inherits directly (roles inheriting nothing absent). */
    public Map<String, Collection<String>> inheritance(String account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT role, inherits FROM role_inheritance WHERE account_id = ?1")
                .setParameter(1, account).getResultList();
        Map<String, Collection<String>> graph = new HashMap<>();
        for (Object[] row : rows) {
            graph.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return graph;
    }

    /**
     * The account's catalog and roles as the engine's definitions, sorted by name, in three
     * statements (for the role × permission matrix): every permission with its operations, every
     * role with its grants and the roles it inherits.
     */
    public Definitions definitions(String account) {
        Long revision = revision(account);
        Map<String, List<String>> operations = pairs("SELECT p.name, o.operation FROM permission p "
                + "LEFT JOIN permission_operation o ON o.account_id = p.account_id AND o.permission = p.name WHERE p.account_id = ?1", account);
        Map<String, List<String>> grants = pairs("SELECT r.name, g.grant_name FROM role r "
                + "LEFT JOIN role_grant g ON g.account_id = r.account_id AND g.role = r.name WHERE r.account_id = ?1", account);
        Map<String, Collection<String>> inherits = inheritance(account);
        List<dev.rolegate.engine.PermissionDef> permissions = new ArrayList<>();
        operations.forEach((name, ops) -> permissions.add(new dev.rolegate.engine.PermissionDef(name, ops)));
        List<dev.rolegate.engine.RoleDef> roles = new ArrayList<>();
        grants.forEach((name, g) -> roles.add(new dev.rolegate.engine.RoleDef(name, g,
                new ArrayList<>(inherits.getOrDefault(name, List.of())))));
        return new Definitions(revision, permissions, roles);
    }

    /**
     * The catalog and the roles of an account, sorted by name, and the account's revision read
     * just before them (null when there is no such account).
     */
    public record Definitions(Long revision, List<dev.rolegate.engine.PermissionDef> permissions, List<dev.rolegate.engine.RoleDef> roles) {
    }

    /** The account's committed revision, or null when there is no such account. */
    public Long revision(String account) {
        List<?> rows = em.createNativeQuery("SELECT revision FROM account WHERE id = ?1").setParameter(1, account).getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
    }

    /** name → its (sorted) values, from rows (name, value or null), names sorted. */
    private Map<String, List<String>> pairs(String sql, String account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, account).getResultList();
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Object[] row : rows) {
            List<String> values = out.computeIfAbsent((String) row[0], k -> new ArrayList<>());
            if (row[1] != null) {
                values.add((String) row[1]);
            }
        }
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    /** The roles that inherit {@code role} directly, sorted. */
    public List<String> heirsOf(String account, String role) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(
                "SELECT role FROM role_inheritance WHERE account_id = ?1 AND inherits = ?2 ORDER BY role")
                .setParameter(1, account).setParameter(2, role).getResultList();
        return rows;
    }

    /** Removes every inheritance of {@code role} (its heirs stop inheriting it). */
    public void removeHeirsOf(String account, String role) {
        em.createNativeQuery("DELETE FROM role_inheritance WHERE account_id = ?1 AND inherits = ?2")
                .setParameter(1, account).setParameter(2, role).executeUpdate();
    }

    /**
     * The roles assigned to {@code user} directly or through a group, of any source and any
     * validity (what deleting, disabling or enabling the user changes).
     */
    public List<String> rolesOfUser(String account, String user) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT role FROM user_role WHERE account_id = ?1 AND user_id = ?2 UNION "
                        + "SELECT gr.role FROM group_member gm JOIN group_role gr ON gr.account_id = gm.account_id "
                        + "AND gr.group_id = gm.group_id WHERE gm.account_id = ?1 AND gm.user_id = ?2", String.class)
                .setParameter(1, account).setParameter(2, user).getResultList();
        return rows;
    }

    /** Makes {@code operation} known in the account (a permission is about to list it). */
    public void addOperation(String account, String operation) {
        em.createNativeQuery("INSERT INTO operation (account_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, account).setParameter(2, operation).executeUpdate();
    }

    /** Removes the operations no permission lists any more (checks on them then deny as unknown). */
    public void removeOrphanOperations(String account) {
        em.createNativeQuery("DELETE FROM operation o WHERE o.account_id = ?1 AND NOT EXISTS "
                + "(SELECT 1 FROM permission_operation po WHERE po.account_id = o.account_id AND po.operation = o.name)")
                .setParameter(1, account).executeUpdate();
    }
}
