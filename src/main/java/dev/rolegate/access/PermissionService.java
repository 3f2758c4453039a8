package dev.rolegate.access;

import dev.rolegate.access.api.PermissionResponse;
import dev.rolegate.access.store.CatalogQueries;
import dev.rolegate.access.store.PermissionEntity;
import dev.rolegate.change.Change;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.platform.AccountScopedKey;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.rolegate.access.EscalationGuard.requireHeld;

/**
 * Use cases on the permission catalog of an account: permissions and the operations they cover.
 * Every write is a unit of work ({@link UnitOfWork}: the account locked, one revision, typed
 * change items, their audit entries, the invariants) and validates against the account's current
 * data in it: it either applies whole or changes nothing. Arguments are already syntactically
 * valid (checked at the edge); this class checks them against the data.
 */
@ApplicationScoped
public class PermissionService {

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
            queries.addOperation(account, operation);
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
        List<String> roles = queries.rolesGranting(account, name);
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
        return Page.of(rows.stream().map(PermissionService::view).toList(), limit, PermissionResponse::id);
    }

    private PermissionEntity requirePermission(String account, String name) {
        PermissionEntity permission = PermissionEntity.findById(new AccountScopedKey(account, name));
        if (permission == null) {
            throw ProblemException.notFound("permission_not_found", "No permission '" + name + "' in this account.");
        }
        return permission;
    }

    /** Every permission of the account's catalog, the built-in ones included. */
    private Set<String> catalog(String account) {
        return new TreeSet<>(queries.permissionNames(account));
    }

    /** Every permission of the catalog that lists one of {@code operations}. */
    private Set<String> listing(String account, Collection<String> operations) {
        return queries.listing(account, operations);
    }

    private void removeOrphanOperations(String account) {
        queries.removeOrphanOperations(account);
    }

    static PermissionResponse view(PermissionEntity p) {
        return new PermissionResponse(p.id, p.description, new TreeSet<>(p.operations).stream().toList());
    }

    /**
     * Account creation's part: a permission of the template with its operations, inside the
     * creation's unit of work, recorded for the feed without an audit entry of its own (the
     * creation's entry sums the account up).
     */
    public void seed(dev.rolegate.change.Work work, dev.rolegate.engine.PermissionDef def, String description) {
        String id = work.account();
        for (String operation : def.operations()) {
            queries.addOperation(id, operation);
        }
        PermissionEntity permission = new PermissionEntity();
        permission.accountId = id;
        permission.id = def.name();
        permission.description = description;
        permission.operations.addAll(def.operations());
        permission.persist();
        work.recordWithoutEntry(Change.created(ChangeKind.PERMISSION, Change.permissionKey(def.name()),
                new PermissionResponse(def.name(), permission.description, new java.util.TreeSet<>(def.operations()).stream().toList())));
    }
}
