package dev.rolegate.access;

import dev.rolegate.access.api.RoleMemberResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.access.store.RoleSearchQueries;
import dev.rolegate.access.store.CatalogQueries;
import dev.rolegate.access.store.AssignmentRow;
import dev.rolegate.access.store.GroupRoleEntity;
import dev.rolegate.access.store.RoleEntity;
import dev.rolegate.access.store.UserRoleEntity;
import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.Names;
import dev.rolegate.engine.RoleGraph;
import dev.rolegate.platform.AccountScopedKey;
import dev.rolegate.platform.ETags;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.rolegate.access.EscalationGuard.requireHeld;

/**
 * Use cases on the roles of an account: their grants and their inheritance (a DAG, DESIGN.md §1),
 * and what a role amounts to (its effective permissions, for the no-escalation rules). Every write
 * is a unit of work ({@link UnitOfWork}) and validates against the account's current data in it:
 * it either applies whole or changes nothing. Arguments are already syntactically valid.
 */
@ApplicationScoped
public class RoleService {

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    EntityManager em;

    @Inject
    CatalogQueries queries;

    @Inject
    AccessLimits limits;

    @Inject
    EscalationGuard escalation;

    @Inject
    RoleSearchQueries searches;

    /**
     * Creates or replaces a role.
     *
     * @throws ProblemException 422 {@code unknown_permission} for a grant naming no permission of the
     *         catalog, 422 {@code unknown_role} for an inherited role that does not exist, 422
     *         {@code role_cycle} when the inheritance would form a cycle (the message names it)
     */
    @Transactional
    public Written<RoleResponse> putRole(String account, String name, String description, List<String> grants, List<String> inherits) {
        return putRole(account, name, description, grants, inherits, null);
    }

    /**
     * {@link #putRole(String, String, String, List, List)} only if the role's current ETag matches
     * {@code ifMatch} (null: unconditionally).
     *
     * @throws ProblemException 412 {@code precondition_failed} when it does not
     */
    @Transactional
    public Written<RoleResponse> putRole(String account, String name, String description, List<String> grants,
                                         List<String> inherits, String ifMatch) {
        return putRole(account, name, description, grants, inherits, ifMatch, null);
    }

    /**
     * Creates or replaces a role on behalf of an admin who holds {@code grantorHolds}: the role's
     * effective permissions afterwards (grants with wildcards expanded against the catalog, plus
     * everything inherited) must all be among them (no escalation, issue 3 item 2).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller (no such check)
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public Written<RoleResponse> putRole(String account, String name, String description, List<String> grants,
                                         List<String> inherits, String ifMatch, Set<String> grantorHolds) {
        if (grants.size() > limits.grantsPerRole()) {
            throw ProblemException.invalid("/permissions", "a role grants at most " + limits.grantsPerRole()
                    + " permissions or wildcards, got " + grants.size());
        }
        if (inherits.size() > limits.inheritsPerRole()) {
            throw ProblemException.invalid("/inherits", "a role inherits at most " + limits.inheritsPerRole()
                    + " roles directly, got " + inherits.size());
        }
        return writes.in(account, callers.attribution(), work -> {
        RoleEntity existing = RoleEntity.findById(new AccountScopedKey(account, name));
        ETags.requireMatch(ifMatch, existing == null ? null : view(existing), "role '" + name + "'");
        if (existing == null && RoleEntity.count("accountId", account) >= limits.rolesPerAccount()) {
            throw ProblemException.unprocessable("too_many_roles", "This account already has the maximum of "
                    + limits.rolesPerAccount() + " roles; delete one before creating '" + name + "'.");
        }
        List<String> exact = grants.stream().filter(g -> !Names.isWildcard(g)).toList();
        if (!exact.isEmpty()) {
            Set<String> known = queries.existingPermissions(account, exact);
            List<String> unknown = exact.stream().filter(g -> !known.contains(g)).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.unprocessable("unknown_permission",
                        "Role '" + name + "' grants permission(s) not in the catalog: " + unknown + ".");
            }
        }
        if (inherits.contains(name)) {
            throw ProblemException.unprocessable("role_cycle", "Role '" + name + "' cannot inherit itself.");
        }
        if (!inherits.isEmpty()) {
            Set<String> known = queries.existingRoles(account, inherits);
            List<String> unknown = inherits.stream().filter(r -> !known.contains(r)).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.unprocessable("unknown_role",
                        "Role '" + name + "' inherits role(s) that do not exist: " + unknown + ".");
            }
            Map<String, Collection<String>> graph = inheritanceGraph(account);
            graph.put(name, inherits);
            // the unit of work keeps the graph acyclic (RoleGraphInvariant); the depth below needs it
            // acyclic already, and a cycle is named before any other refusal
            RoleGraph.findCycle(graph).ifPresent(cycle -> {
                throw RoleGraphInvariant.cycle(cycle);
            });
            List<String> chain = longestChain(graph);
            if (chain.size() > limits.inheritanceDepth()) {
                throw ProblemException.unprocessable("inheritance_too_deep", "Role inheritance would be "
                        + chain.size() + " roles deep (" + String.join(" → ", chain) + "); at most "
                        + limits.inheritanceDepth() + " are allowed.");
            }
        }
        if (grantorHolds != null) {
            // a rewrite takes away what the role granted before as surely as it hands out the new
            Set<String> needed = new TreeSet<>(effectivePermissions(account, grants, inherits));
            if (existing != null) {
                needed.addAll(rolePermissions(account, List.of(name)));
            }
            requireHeld(grantorHolds, needed, "Role '" + name + "' as it is and as requested would grant");
        }
        RoleEntity role = RoleEntity.findById(new AccountScopedKey(account, name));
        boolean created = role == null;
        RoleResponse before = created ? null : view(role);
        if (created) {
            role = new RoleEntity();
            role.accountId = account;
            role.id = name;
            role.persist();
        }
        role.description = description == null ? "" : description;
        role.grants.clear();
        role.grants.addAll(grants);
        role.inherits.clear();
        role.inherits.addAll(inherits);
        RoleResponse after = view(role);
        work.record(Change.put(ChangeKind.ROLE, Change.roleKey(name), before, after));
        escalation.requireNoGainBeyond(account, grantorHolds);
        return new Written<>(after, work.revision(), created);
        });
    }

    /**
     * Deletes a role. While it is assigned or inherited, refused with 409 {@code role_in_use},
     * unless {@code cascade}: then its assignments and the inheritance links to it go too.
     */
    @Transactional
    public long deleteRole(String account, String name, boolean cascade) {
        return deleteRole(account, name, cascade, null);
    }

    /** {@link #deleteRole(String, String, boolean)} only if the role's ETag matches {@code ifMatch} (null: always). */
    @Transactional
    public long deleteRole(String account, String name, boolean cascade, String ifMatch) {
        return deleteRole(account, name, cascade, ifMatch, null);
    }

    /**
     * {@link #deleteRole(String, String, boolean, String)} on behalf of an admin who holds
     * {@code grantorHolds}: deleting a role takes its permissions from everyone holding it, so
     * the admin must hold all of them (issue 11 item 1).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public long deleteRole(String account, String name, boolean cascade, String ifMatch, Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        RoleEntity role = requireRole(account, name);
        ETags.requireMatch(ifMatch, view(role), "role '" + name + "'");
        requireHeld(grantorHolds, grantorHolds == null ? Set.of() : rolePermissions(account, List.of(name)),
                "Deleting role '" + name + "' would take away");
        long userAssignments = UserRoleEntity.count("accountId = ?1 and role = ?2", account, name);
        long groupAssignments = GroupRoleEntity.count("accountId = ?1 and role = ?2", account, name);
        List<String> heirs = heirsOf(account, name);
        if (!cascade && (userAssignments > 0 || groupAssignments > 0 || !heirs.isEmpty())) {
            throw ProblemException.conflict("role_in_use", "Role '" + name + "' is assigned to " + userAssignments
                    + " user(s) and " + groupAssignments + " group(s) and inherited by " + heirs
                    + "; delete with ?cascade=true to remove those too.");
        }
        // what goes with the role is a change of its own in the feed (the audit entry sums it up)
        for (AssigneeKind kind : AssigneeKind.values()) {
            for (AssignmentRow row : AssignmentService.rows(kind, "accountId = ?1 and role = ?2", account, name)) {
                work.recordWithoutEntry(Change.deleted(ChangeKind.ASSIGNMENT, Change.assignmentKey(kind, row.assignee(), name), AssignmentService.view(row)));
            }
        }
        for (String heir : heirs) {
            RoleEntity heirRole = requireRole(account, heir);
            RoleResponse heirBefore = view(heirRole);
            heirRole.inherits.remove(name);
            work.recordWithoutEntry(Change.updated(ChangeKind.ROLE, Change.roleKey(heir), heirBefore, view(heirRole)));
        }
        UserRoleEntity.delete("accountId = ?1 and role = ?2", account, name);
        GroupRoleEntity.delete("accountId = ?1 and role = ?2", account, name);
        em.flush();
        queries.removeHeirsOf(account, name);
        RoleResponse before = view(role);
        role.delete();
        work.record(new Change(cascade ? Action.ROLE_DELETE_CASCADE : Action.ROLE_DELETE, Change.roleKey(name), before, null));
        return work.revision();
        });
    }

    @Transactional
    public RoleResponse getRole(String account, String name) {
        return view(requireRole(account, name));
    }

    @Transactional
    public Page<RoleResponse> listRoles(String account, String after, int limit) {
        return listRoles(account, RoleSearch.ALL, after, limit);
    }

    /**
     * The roles matching {@code search}, by name, after the name {@code after} (null: the first
     * page), with their grants and inherited roles and the total of the search: one SQL statement.
     */
    @Transactional
    public Page<RoleResponse> listRoles(String account, RoleSearch search, String after, int limit) {
        return searches.roles(account, search, after, limit);
    }

    /**
     * Who holds {@code role} and how: its user and group assignments and the members of the groups
     * assigned it, each with the assignment's source; one SQL statement per page.
     *
     * @param after the {@code next} cursor of the previous page, or null
     * @throws ProblemException 404 {@code role_not_found}; 400 {@code invalid_request} for a bad cursor
     */
    @Transactional
    public Page<RoleMemberResponse> members(String account, String role, String after, int limit) {
        return searches.members(account, role, after, limit);
    }

    /**
     * The account's catalog and roles at one revision, as an {@link dev.rolegate.engine.AccountModel}
     * without users, groups or assignments (for the role × permission matrix): read in a few
     * statements and read again should a write have committed between them.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public dev.rolegate.engine.AccountModel catalogModel(String account) {
        for (int attempt = 0; ; attempt++) {
            CatalogQueries.Definitions d = queries.definitions(account);
            if (d.revision() == null) {
                throw ProblemException.accountNotFound(account);
            }
            if (d.revision().equals(queries.revision(account)) || attempt == 4) {
                return new dev.rolegate.engine.AccountModel(account, d.revision(), d.permissions(), d.roles(),
                        List.of(), List.of(), List.of());
            }
        }
    }

    /** The role, or 404 {@code role_not_found}. */
    public RoleEntity requireRole(String account, String name) {
        RoleEntity role = RoleEntity.findById(new AccountScopedKey(account, name));
        if (role == null) {
            throw ProblemException.notFound("role_not_found", "No role '" + name + "' in this account.");
        }
        return role;
    }

    private Map<String, Collection<String>> inheritanceGraph(String account) {
        return queries.inheritance(account);
    }

    /**
     * The effective permissions of a role made of {@code grants} and {@code inherits}: the
     * catalog's permissions that any grant of it or of a role it inherits (transitively) covers.
     */
    public Set<String> effectivePermissions(String account, Collection<String> grants, Collection<String> inherits) {
        Map<String, Collection<String>> graph = inheritanceGraph(account);
        Set<String> roles = new HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(inherits);
        while (!todo.isEmpty()) {
            String role = todo.pop();
            if (roles.add(role)) {
                todo.addAll(graph.getOrDefault(role, List.of()));
            }
        }
        Set<String> allGrants = new HashSet<>(grants);
        if (!roles.isEmpty()) {
            allGrants.addAll(queries.grantsOf(account, roles));
        }
        if (allGrants.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new TreeSet<>();
        for (String permission : queries.permissionNames(account)) {
            for (String grant : allGrants) {
                if (Names.grantCovers(grant, permission)) {
                    result.add(permission);
                    break;
                }
            }
        }
        return result;
    }

    /**
     * No escalation through an identity source's mapping (issue 11 item 1): a mapping (a key such
     * as a group value or DN → roles) assigns its roles later, at a login or a sync, and taking a
     * role out of it takes the role away then; so every role that a key gains or loses between
     * {@code before} and {@code after} needs all its permissions held, as assigning or revoking
     * it directly would.
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    public void requireHeldForMapping(String account, Set<String> grantorHolds, Map<String, ? extends Collection<String>> before,
                                      Map<String, ? extends Collection<String>> after, String what) {
        if (grantorHolds == null) {
            return;
        }
        Set<String> changed = new TreeSet<>();
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Set<String> was = before.containsKey(key) ? Set.copyOf(before.get(key)) : Set.of();
            Set<String> is = after.containsKey(key) ? Set.copyOf(after.get(key)) : Set.of();
            was.stream().filter(r -> !is.contains(r)).forEach(changed::add);
            is.stream().filter(r -> !was.contains(r)).forEach(changed::add);
        }
        requireHeld(grantorHolds, rolePermissions(account, changed), what + " (roles " + changed + ") would hand out or take away");
    }

    /** Those of {@code names} that are roles of the account (for an identity source's mappings); call inside a transaction. */
    public Set<String> existingRoles(String account, Collection<String> names) {
        return names.isEmpty() ? Set.of() : queries.existingRoles(account, names);
    }

    /** The effective permissions of the named existing roles (unknown names add nothing). */
    public Set<String> rolePermissions(String account, Collection<String> roles) {
        return effectivePermissions(account, List.of(), roles);
    }

    /** The longest inheritance chain of an acyclic graph, as role names from heir to ancestor. */
    public static List<String> longestChain(Map<String, Collection<String>> graph) {
        Map<String, List<String>> memo = new HashMap<>();
        List<String> longest = List.of();
        for (String role : graph.keySet()) {
            List<String> chain = chainFrom(role, graph, memo);
            if (chain.size() > longest.size()) {
                longest = chain;
            }
        }
        return longest;
    }

    private static List<String> chainFrom(String role, Map<String, Collection<String>> graph, Map<String, List<String>> memo) {
        List<String> known = memo.get(role);
        if (known != null) {
            return known;
        }
        List<String> best = List.of();
        for (String parent : graph.getOrDefault(role, List.of())) {
            List<String> chain = chainFrom(parent, graph, memo);
            if (chain.size() > best.size()) {
                best = chain;
            }
        }
        List<String> chain = new ArrayList<>(best.size() + 1);
        chain.add(role);
        chain.addAll(best);
        memo.put(role, chain);
        return chain;
    }

    private List<String> heirsOf(String account, String role) {
        return queries.heirsOf(account, role);
    }

    static RoleResponse view(RoleEntity r) {
        return new RoleResponse(r.id, r.description, new TreeSet<>(r.grants).stream().toList(),
                new TreeSet<>(r.inherits).stream().toList());
    }

    /**
     * Account creation's part: a role of the template, inside the creation's unit of work,
     * recorded for the feed without an audit entry of its own.
     */
    public void seed(dev.rolegate.change.Work work, dev.rolegate.engine.RoleDef def, String description) {
        RoleEntity role = new RoleEntity();
        role.accountId = work.account();
        role.id = def.name();
        role.description = description;
        role.grants.addAll(def.grants());
        role.inherits.addAll(def.inherits());
        role.persist();
        work.recordWithoutEntry(Change.created(ChangeKind.ROLE, Change.roleKey(def.name()), new RoleResponse(def.name(),
                role.description, new java.util.TreeSet<>(def.grants()).stream().toList(),
                new java.util.TreeSet<>(def.inherits()).stream().toList())));
    }
}
