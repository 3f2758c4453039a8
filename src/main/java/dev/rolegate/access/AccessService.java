package dev.rolegate.access;

import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.access.api.PermissionResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.access.store.AssignmentRow;
import dev.rolegate.access.store.GroupRoleEntity;
import dev.rolegate.access.store.PermissionEntity;
import dev.rolegate.access.store.RoleEntity;
import dev.rolegate.access.store.UserRoleEntity;
import dev.rolegate.change.Action;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Names;
import dev.rolegate.engine.RoleGraph;
import dev.rolegate.platform.AccountScopedKey;
import dev.rolegate.platform.ETags;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Use cases on permissions, roles and assignments. Every write is a unit of work
 * ({@link UnitOfWork}: the account locked, one revision, typed change items, their audit
 * entries, the invariants) and validates against the account's current data in it: it either
 * applies whole or changes nothing. Arguments are already syntactically valid (checked at the
 * edge); this class checks them against the data.
 */
@ApplicationScoped
public class AccessService {

    /** Sources an admin manages through the API; the others belong to their identity source. */
    private static final List<AssignmentSource> ADMIN_SOURCES = List.of(AssignmentSource.MANUAL, AssignmentSource.TEMPLATE);

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    EntityManager em;

    @Inject
    Assignees assignees;

    @Inject
    AccessLimits limits;

    @Inject
    EscalationGuard escalation;

    // ---- permissions -------------------------------------------------------------------

    /**
     * The built-in {@code rbac.*} permissions are the product's, not the account's: roles grant
     * them, but nobody may create, change or delete one, or redefining which operations they cover
     * would let a role writer move an owner-only operation under a permission they hold.
     */
    private static void refuseBuiltIn(String name) {
        if (AdminCatalog.reserved(name)) {
            throw ProblemException.forbidden("reserved_permission", "Permission '" + name
                    + "' is in the built-in rbac. namespace: roles may grant it, but it cannot be created, changed or deleted.");
        }
    }

    /**
     * Creates or replaces a permission and the operations it covers. Operations that no
     * permission lists any more are removed (they become unknown, so checks on them deny).
     *
     * @throws ProblemException 403 {@code reserved_permission} for a name in the built-in
     *         {@code rbac.} namespace, 400 over the operations limit
     */
    @Transactional
    public Written<PermissionResponse> putPermission(String account, String name, String description, List<String> operations) {
        return putPermission(account, name, description, operations, null);
    }

    /**
     * {@link #putPermission(String, String, String, List)} on behalf of an admin who holds
     * {@code grantorHolds} (no escalation, issue 11 item 1): an operation requires every
     * permission that lists it, so listing an operation in a permission or unlisting it changes
     * what the holders of every permission listing it may do. The admin must hold the permission
     * and every permission that lists an operation added or removed (moving operations only among
     * permissions the admin holds). A new permission is held at once by every wildcard grant that
     * covers it, so only an admin holding the whole catalog (the {@code *} exception) creates one.
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller (no such check)
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks; 409
     *         {@code last_owner} when no active user would hold the whole catalog any more
     */
    @Transactional
    public Written<PermissionResponse> putPermission(String account, String name, String description, List<String> operations,
                                                     Set<String> grantorHolds) {
        refuseBuiltIn(name);
        if (operations.size() > limits.operationsPerPermission()) {
            throw ProblemException.invalid("/operations", "a permission covers at most " + limits.operationsPerPermission()
                    + " operations, got " + operations.size());
        }
        return writes.in(account, callers.attribution(), work -> {
        PermissionEntity permission = PermissionEntity.findById(new AccountScopedKey(account, name));
        boolean created = permission == null;
        PermissionResponse before = created ? null : view(permission);
        if (grantorHolds != null) {
            if (created) {
                requireHeld(grantorHolds, catalog(account), "Creating permission '" + name
                        + "' (every wildcard grant covering it would hold it at once) needs the whole catalog; it would grant");
            }
            // the operations added or removed: the symmetric difference of the lists
            Set<String> moved = new HashSet<>(operations);
            if (!created) {
                moved.addAll(permission.operations);
                Set<String> kept = new HashSet<>(operations);
                kept.retainAll(permission.operations);
                moved.removeAll(kept);
            }
            Set<String> needed = listing(account, moved);
            if (!created) {
                needed.add(name);
            }
            requireHeld(grantorHolds, needed, "Changing permission '" + name + "' touches");
        }
        if (created) {
            permission = new PermissionEntity();
            permission.accountId = account;
            permission.id = name;
            permission.persist();
        }
        permission.description = description == null ? "" : description;
        for (String operation : operations) {
            em.createNativeQuery("INSERT INTO operation (account_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                    .setParameter(1, account).setParameter(2, operation).executeUpdate();
        }
        permission.operations.clear();
        permission.operations.addAll(operations);
        em.flush();
        removeOrphanOperations(account);
        PermissionResponse after = view(permission);
        work.record(Change.put(ChangeKind.PERMISSION, Change.permissionKey(name), before, after));
        escalation.requireNoGainBeyond(account, grantorHolds);
        return new Written<>(after, work.revision(), created);
        });
    }

    /**
     * Deletes a permission. Refused with 409 {@code permission_in_use} while a role grants it by
     * name (wildcard grants simply stop covering it); 403 {@code reserved_permission} for a built-in
     * {@code rbac.*} one.
     */
    @Transactional
    public long deletePermission(String account, String name) {
        return deletePermission(account, name, null);
    }

    /**
     * {@link #deletePermission(String, String)} on behalf of an admin who holds {@code grantorHolds}:
     * the operations it lists then need one permission fewer, so the admin must hold it and every
     * other permission that lists one of its operations (issue 11 item 1).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public long deletePermission(String account, String name, Set<String> grantorHolds) {
        refuseBuiltIn(name);
        return writes.in(account, callers.attribution(), work -> {
        PermissionEntity permission = requirePermission(account, name);
        if (grantorHolds != null) {
            Set<String> needed = listing(account, permission.operations);
            needed.add(name);
            requireHeld(grantorHolds, needed, "Deleting permission '" + name + "' touches");
        }
        List<String> roles = em.createQuery(
                "select r.id from RoleEntity r join r.grants g where r.accountId = ?1 and g = ?2 order by r.id", String.class)
                .setParameter(1, account).setParameter(2, name).getResultList();
        if (!roles.isEmpty()) {
            throw ProblemException.conflict("permission_in_use",
                    "Permission '" + name + "' is granted by role(s) " + roles + "; remove the grants first.");
        }
        PermissionResponse before = view(permission);
        permission.delete();
        em.flush();
        removeOrphanOperations(account);
        work.record(Change.deleted(ChangeKind.PERMISSION, Change.permissionKey(name), before));
        escalation.requireNoGainBeyond(account, grantorHolds);
        return work.revision();
        });
    }

    @Transactional
    public PermissionResponse getPermission(String account, String name) {
        return view(requirePermission(account, name));
    }

    @Transactional
    public Page<PermissionResponse> listPermissions(String account, String after, int limit) {
        List<PermissionEntity> rows = PermissionEntity.<PermissionEntity>find(
                "accountId = ?1 and id > ?2 order by id", account, after == null ? "" : after)
                .page(0, limit + 1).list();
        return Page.of(rows.stream().map(AccessService::view).toList(), limit, PermissionResponse::id);
    }

    // ---- roles -------------------------------------------------------------------------

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
            Set<String> known = new HashSet<>(em.createQuery(
                    "select p.id from PermissionEntity p where p.accountId = ?1 and p.id in ?2", String.class)
                    .setParameter(1, account).setParameter(2, exact).getResultList());
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
            Set<String> known = new HashSet<>(em.createQuery(
                    "select r.id from RoleEntity r where r.accountId = ?1 and r.id in ?2", String.class)
                    .setParameter(1, account).setParameter(2, inherits).getResultList());
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
            for (AssignmentRow row : rows(kind, "accountId = ?1 and role = ?2", account, name)) {
                work.recordWithoutEntry(Change.deleted(ChangeKind.ASSIGNMENT, Change.assignmentKey(kind, row.assignee(), name), view(row)));
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
        em.createNativeQuery("DELETE FROM role_inheritance WHERE account_id = ?1 AND inherits = ?2")
                .setParameter(1, account).setParameter(2, name).executeUpdate();
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
        List<RoleEntity> rows = RoleEntity.<RoleEntity>find("accountId = ?1 and id > ?2 order by id",
                account, after == null ? "" : after).page(0, limit + 1).list();
        return Page.of(rows.stream().map(AccessService::view).toList(), limit, RoleResponse::id);
    }

    // ---- assignments ---------------------------------------------------------------------

    /**
     * Assigns a role to a user or group (every member then holds it) from {@code source},
     * replacing the validity of an existing assignment of the same source. The admin API
     * assigns with {@link AssignmentSource#MANUAL}; identity sources (SAML, LDAP) with their own.
     *
     * @param validFrom start of validity (inclusive), or null for "already"
     * @param expiresAt end of validity (exclusive), or null for "never"
     * @return the assignment; {@code created} when no assignment of this source existed
     * @throws ProblemException 404 {@code user_not_found} / {@code group_not_found} /
     *         {@code role_not_found}; 400 when {@code expiresAt} is not after {@code validFrom}
     */
    @Transactional
    public Written<AssignmentResponse> assign(String account, AssigneeKind kind, String assignee, String role,
                                              AssignmentSource source, Instant validFrom, Instant expiresAt) {
        return assign(account, kind, assignee, role, source, validFrom, expiresAt, null);
    }

    /**
     * Assigns a role on behalf of an admin who holds {@code grantorHolds}: every effective
     * permission of the role must be among them, whoever the assignee is, the admin included
     * (no escalation, issue 3 item 2). Changing the validity of an owner assignment so that no
     * active owner remains is refused like any other lock-out.
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller (identity sources)
     * @throws ProblemException 403 {@code forbidden} naming what the admin lacks; 409 {@code last_owner}
     */
    @Transactional
    public Written<AssignmentResponse> assign(String account, AssigneeKind kind, String assignee, String role,
                                              AssignmentSource source, Instant validFrom, Instant expiresAt,
                                              Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(),
                work -> assignAt(work, account, kind, assignee, role, source, validFrom, expiresAt, grantorHolds, null));
    }

    /**
     * Break-glass (issue 3 item 3): a time-boxed emergency {@code manual} assignment of a role to
     * a user, with a mandatory reason, that ends by itself at {@code expiresAt} (default and
     * maximum: now + {@code rolegate.limits.break-glass-max}), recorded in the audit log as its own
     * event {@code breakglass.grant} with the reason. It never replaces an existing manual
     * assignment of the role (that could shorten or lengthen it silently).
     *
     * @throws ProblemException 400 for a blank reason or an end in the past or beyond the maximum;
     *         409 {@code already_assigned}; 403 when the grantor lacks the role's permissions
     */
    @Transactional
    public Written<AssignmentResponse> breakGlass(String account, String user, String role, String reason,
                                                  Instant expiresAt, Instant now, Set<String> grantorHolds) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("/reason", "a break-glass assignment needs a reason");
        }
        Instant latest = now.plus(limits.breakGlassMax());
        Instant end = expiresAt == null ? latest : expiresAt;
        if (!end.isAfter(now)) {
            throw ProblemException.invalid("/expiresAt", "expiresAt must be in the future");
        }
        if (end.isAfter(latest)) {
            throw ProblemException.invalid("/expiresAt", "a break-glass assignment lasts at most "
                    + limits.breakGlassMax() + ", i.e. until " + latest);
        }
        return writes.in(account, callers.attribution(), work -> {
        if (UserRoleEntity.count("accountId = ?1 and assignee = ?2 and role = ?3 and source = ?4",
                account, user, role, AssignmentSource.MANUAL.wireName()) > 0) {
            throw ProblemException.conflict("already_assigned", "User '" + user + "' already has a manual assignment of role '"
                    + role + "'; break-glass only adds one that did not exist.");
        }
        return assignAt(work, account, AssigneeKind.USER, user, role, AssignmentSource.MANUAL, null, end, grantorHolds, reason);
        });
    }

    private Written<AssignmentResponse> assignAt(dev.rolegate.change.Work work, String account, AssigneeKind kind, String assignee, String role,
                                                 AssignmentSource source, Instant validFrom, Instant expiresAt,
                                                 Set<String> grantorHolds, String breakGlassReason) {
        requireAssignee(account, kind, assignee);
        RoleEntity assigned = requireRole(account, role);
        if (grantorHolds != null) {
            requireHeld(grantorHolds, effectivePermissions(account, List.of(), List.of(assigned.id)),
                    "Assigning role '" + role + "' would grant");
        }
        if (validFrom != null && expiresAt != null && !expiresAt.isAfter(validFrom)) {
            throw ProblemException.invalid("/expiresAt", "expiresAt must be after validFrom");
        }
        AssignmentRow row = rows(kind, "accountId = ?1 and assignee = ?2 and role = ?3 and source = ?4",
                account, assignee, role, source.wireName()).stream().findFirst().orElse(null);
        boolean created = row == null;
        AssignmentResponse before = created ? null : view(row);
        if (created) {
            row = kind == AssigneeKind.USER ? newUserRow(assignee) : newGroupRow(assignee);
            row.accountId = account;
            row.role = role;
            row.source = source.wireName();
        }
        row.validFrom = validFrom;
        row.expiresAt = expiresAt;
        if (created) {
            row.persist();
        }
        AssignmentResponse after = view(row);
        String key = Change.assignmentKey(kind, assignee, role);
        if (breakGlassReason != null) {
            work.record(new Change(Action.BREAKGLASS_GRANT, key, null, after), before,
                    Map.of("assignment", after, "reason", breakGlassReason));
        } else {
            work.record(Change.put(ChangeKind.ASSIGNMENT, key, before, after));
        }
        escalation.requireNoGainBeyond(account, grantorHolds);
        return new Written<>(after, work.revision(), created);
    }

    /**
     * Removes the assignment of a role to a user or group made by the given sources only: an
     * admin's revoke removes {@code manual} and {@code template} assignments, an LDAP sync only
     * {@code ldap} ones, so a source never takes away what another gave.
     *
     * @throws ProblemException 404 {@code assignment_not_found} when there is none
     */
    @Transactional
    public long revoke(String account, AssigneeKind kind, String assignee, String role, Collection<AssignmentSource> sources) {
        return revoke(account, kind, assignee, role, sources, null);
    }

    /**
     * {@link #revoke(String, AssigneeKind, String, String, Collection)} on behalf of an admin who
     * holds {@code grantorHolds}: only a role whose permissions the admin holds, as for assigning
     * it (an admin holding {@code admin} cannot revoke {@code owner}; issue 11 item 1).
     *
     * @param grantorHolds the admin's permissions, or null for a trusted caller
     * @throws ProblemException 403 {@code forbidden} naming the permissions the admin lacks
     */
    @Transactional
    public long revoke(String account, AssigneeKind kind, String assignee, String role, Collection<AssignmentSource> sources,
                       Set<String> grantorHolds) {
        return writes.in(account, callers.attribution(), work -> {
        requireHeld(grantorHolds, grantorHolds == null ? Set.of() : rolePermissions(account, List.of(role)),
                "Revoking role '" + role + "' would take away");
        List<String> wire = sources.stream().map(AssignmentSource::wireName).toList();
        String query = "accountId = ?1 and assignee = ?2 and role = ?3 and source in ?4";
        List<AssignmentResponse> before = rows(kind, query, account, assignee, role, wire).stream()
                .map(AccessService::view).toList();
        long removed = kind == AssigneeKind.USER
                ? UserRoleEntity.delete(query, account, assignee, role, wire)
                : GroupRoleEntity.delete(query, account, assignee, role, wire);
        if (removed == 0) {
            throw ProblemException.notFound("assignment_not_found", label(kind) + " '" + assignee
                    + "' has no " + wire + " assignment of role '" + role + "'.");
        }
        // one item per removed assignment (the feed keys an assignment by its source too); the
        // audit entry lists them when one revoke removed several
        String key = Change.assignmentKey(kind, assignee, role);
        if (before.size() == 1) {
            work.record(Change.deleted(ChangeKind.ASSIGNMENT, key, before.get(0)));
        } else {
            work.record(Change.deleted(ChangeKind.ASSIGNMENT, key, before.get(0)), before, null);
            before.subList(1, before.size()).forEach(b -> work.recordWithoutEntry(Change.deleted(ChangeKind.ASSIGNMENT, key, b)));
        }
        return work.revision();
        });
    }

    /**
     * Records, for the change feed, that the assignments of a user or group go with it (the
     * database cascades the rows when it is deleted; the deletion's audit entry sums them up).
     */
    public void removedWith(dev.rolegate.change.Work work, AssigneeKind kind, String assignee) {
        for (AssignmentRow row : rows(kind, "accountId = ?1 and assignee = ?2", work.account(), assignee)) {
            work.recordWithoutEntry(Change.deleted(ChangeKind.ASSIGNMENT, Change.assignmentKey(kind, assignee, row.role), view(row)));
        }
    }

    /** Revoke as an admin does: the {@code manual} and {@code template} assignments. */
    public long revokeManaged(String account, AssigneeKind kind, String assignee, String role) {
        return revoke(account, kind, assignee, role, ADMIN_SOURCES);
    }

    /** {@link #revokeManaged(String, AssigneeKind, String, String)} by an admin who holds {@code grantorHolds}. */
    public long revokeManaged(String account, AssigneeKind kind, String assignee, String role, Set<String> grantorHolds) {
        return revoke(account, kind, assignee, role, ADMIN_SOURCES, grantorHolds);
    }

    /**
     * One assignment of a role: the admin-managed one if any, else the one from an identity source.
     *
     * @throws ProblemException 404 when the assignee does not exist or has no such assignment
     */
    @Transactional
    public AssignmentResponse getAssignment(String account, AssigneeKind kind, String assignee, String role) {
        requireAssignee(account, kind, assignee);
        return rows(kind, "accountId = ?1 and assignee = ?2 and role = ?3", account, assignee, role).stream()
                .min((a, b) -> Integer.compare(sourceRank(a.source), sourceRank(b.source)))
                .map(AccessService::view)
                .orElseThrow(() -> ProblemException.notFound("assignment_not_found",
                        label(kind) + " '" + assignee + "' is not assigned role '" + role + "'."));
    }

    /** The assignments of a user or group, by role then source, paged by role. */
    @Transactional
    public Page<AssignmentResponse> listAssignments(String account, AssigneeKind kind, String assignee, String after, int limit) {
        requireAssignee(account, kind, assignee);
        List<AssignmentResponse> rows = rows(kind, "accountId = ?1 and assignee = ?2 and role > ?3 order by role, source",
                account, assignee, after == null ? "" : after).stream().map(AccessService::view).toList();
        // a role may be assigned from several sources: never split one role's rows across pages
        List<AssignmentResponse> items = new ArrayList<>();
        Set<String> roles = new HashSet<>();
        for (AssignmentResponse row : rows) {
            if (!roles.contains(row.id()) && roles.size() == limit) {
                return new Page<>(items, items.get(items.size() - 1).id());
            }
            roles.add(row.id());
            items.add(row);
        }
        return new Page<>(items, null);
    }

    private void requireAssignee(String account, AssigneeKind kind, String assignee) {
        assignees.requireExists(account, kind, assignee);
    }

    private static List<? extends AssignmentRow> rows(AssigneeKind kind, String query, Object... params) {
        return kind == AssigneeKind.USER
                ? UserRoleEntity.<UserRoleEntity>list(query, params)
                : GroupRoleEntity.<GroupRoleEntity>list(query, params);
    }

    private static AssignmentRow newUserRow(String user) {
        UserRoleEntity row = new UserRoleEntity();
        row.assignee = user;
        return row;
    }

    private static AssignmentRow newGroupRow(String group) {
        GroupRoleEntity row = new GroupRoleEntity();
        row.assignee = group;
        return row;
    }

    private static String label(AssigneeKind kind) {
        return kind == AssigneeKind.USER ? "User" : "Group";
    }

    // ---- helpers -------------------------------------------------------------------------

    /** The role, or 404 {@code role_not_found}. */
    public RoleEntity requireRole(String account, String name) {
        RoleEntity role = RoleEntity.findById(new AccountScopedKey(account, name));
        if (role == null) {
            throw ProblemException.notFound("role_not_found", "No role '" + name + "' in this account.");
        }
        return role;
    }

    private PermissionEntity requirePermission(String account, String name) {
        PermissionEntity permission = PermissionEntity.findById(new AccountScopedKey(account, name));
        if (permission == null) {
            throw ProblemException.notFound("permission_not_found", "No permission '" + name + "' in this account.");
        }
        return permission;
    }

    private Map<String, Collection<String>> inheritanceGraph(String account) {
        return RoleGraphInvariant.graph(em, account);
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
            allGrants.addAll(em.createQuery("select g from RoleEntity r join r.grants g where r.accountId = ?1 and r.id in ?2",
                    String.class).setParameter(1, account).setParameter(2, roles).getResultList());
        }
        if (allGrants.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new TreeSet<>();
        for (String permission : em.createQuery("select p.id from PermissionEntity p where p.accountId = ?1", String.class)
                .setParameter(1, account).getResultList()) {
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

    /** The effective permissions of the named existing roles (unknown names add nothing). */
    public Set<String> rolePermissions(String account, Collection<String> roles) {
        return effectivePermissions(account, List.of(), roles);
    }

    /**
     * The effective permissions of every role a user holds, directly or through a group (any
     * source, any validity): what deleting, disabling or enabling the user changes.
     */
    public Set<String> userPermissions(String account, String user) {
        List<String> roles = em.createNativeQuery("SELECT role FROM user_role WHERE account_id = ?1 AND user_id = ?2 UNION "
                        + "SELECT gr.role FROM group_member gm JOIN group_role gr ON gr.account_id = gm.account_id "
                        + "AND gr.group_id = gm.group_id WHERE gm.account_id = ?1 AND gm.user_id = ?2", String.class)
                .setParameter(1, account).setParameter(2, user).getResultList();
        return rolePermissions(account, roles);
    }

    /** Every permission of the account's catalog, the built-in ones included. */
    private Set<String> catalog(String account) {
        return new TreeSet<>(em.createQuery("select p.id from PermissionEntity p where p.accountId = ?1", String.class)
                .setParameter(1, account).getResultList());
    }

    /** Every permission of the catalog that lists one of {@code operations}. */
    private Set<String> listing(String account, Collection<String> operations) {
        if (operations.isEmpty()) {
            return new TreeSet<>();
        }
        return new TreeSet<>(em.createQuery("select distinct p.id from PermissionEntity p join p.operations o "
                        + "where p.accountId = ?1 and o in ?2", String.class)
                .setParameter(1, account).setParameter(2, operations).getResultList());
    }

    /** The effective permissions of every role assigned to a group (any source, any validity). */
    public Set<String> groupPermissions(String account, String group) {
        List<String> roles = GroupRoleEntity.<GroupRoleEntity>list("accountId = ?1 and assignee = ?2", account, group)
                .stream().map(r -> r.role).distinct().toList();
        return effectivePermissions(account, List.of(), roles);
    }

    /**
     * No escalation: refuses with 403, naming them, when {@code needed} holds permissions that
     * {@code holds} lacks; does nothing when {@code holds} is null (a trusted caller).
     */
    public static void requireHeld(Set<String> holds, Set<String> needed, String what) {
        if (holds == null) {
            return;
        }
        List<String> missing = needed.stream().filter(p -> !holds.contains(p)).sorted().toList();
        if (!missing.isEmpty()) {
            throw ProblemException.forbidden(what + " permission(s) you do not hold: " + missing
                    + "; an admin may only hand out or take away permissions the admin holds.");
        }
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
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(
                "SELECT role FROM role_inheritance WHERE account_id = ?1 AND inherits = ?2 ORDER BY role")
                .setParameter(1, account).setParameter(2, role).getResultList();
        return rows;
    }

    private void removeOrphanOperations(String account) {
        em.createNativeQuery("DELETE FROM operation o WHERE o.account_id = ?1 AND NOT EXISTS "
                + "(SELECT 1 FROM permission_operation po WHERE po.account_id = o.account_id AND po.operation = o.name)")
                .setParameter(1, account).executeUpdate();
    }

    private static int sourceRank(String source) {
        return switch (source) {
            case "manual" -> 0;
            case "template" -> 1;
            case "ldap" -> 2;
            default -> 3;
        };
    }

    static PermissionResponse view(PermissionEntity p) {
        return new PermissionResponse(p.id, p.description, new TreeSet<>(p.operations).stream().toList());
    }

    static RoleResponse view(RoleEntity r) {
        return new RoleResponse(r.id, r.description, new TreeSet<>(r.grants).stream().toList(),
                new TreeSet<>(r.inherits).stream().toList());
    }

    static AssignmentResponse view(AssignmentRow a) {
        return new AssignmentResponse(a.role, a.source, a.validFrom, a.expiresAt);
    }
}
