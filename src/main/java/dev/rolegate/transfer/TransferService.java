package dev.rolegate.transfer;

import dev.rolegate.access.AccessLimits;

import dev.rolegate.access.api.AssignmentResponse;
import dev.rolegate.access.api.PermissionResponse;
import dev.rolegate.access.api.RoleResponse;
import dev.rolegate.change.Action;
import dev.rolegate.change.ChangeKind;
import dev.rolegate.change.UnitOfWork;
import dev.rolegate.directory.api.GroupResponse;
import dev.rolegate.directory.api.MemberResponse;
import dev.rolegate.directory.api.UserResponse;
import dev.rolegate.engine.Decision;
import dev.rolegate.engine.Names;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.policy.AdminCatalog;
import dev.rolegate.transfer.ImportPlan.Change;
import dev.rolegate.transfer.ImportPlan.Diff;
import dev.rolegate.transfer.api.AccountExport;
import dev.rolegate.transfer.api.ImportResponse;
import dev.rolegate.transfer.store.TransferStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Account export and import (issue 7 item 8, {@code docs/export-import.md}).
 *
 * <p>An export reads the account under a share lock of its row, so it is one consistent state
 * at one revision. An import replaces the account's catalog (its own permissions, never the
 * built-in {@code rbac.*} ones), roles, users, groups, memberships and assignments with the
 * document's, in one transaction at one new revision with one audit entry per change (after an
 * {@code account.import} entry that sums them up); checks see the new state whole. A dry run
 * runs the same transaction, every check included, and rolls it back.
 */
@ApplicationScoped
public class TransferService {

    /** The admin operation that exports ({@code rbac.account.export} permission). */
    public static final String EXPORT_OPERATION = "rbac.account.export";

    /** The admin operation that imports ({@code rbac.account.import} permission). */
    public static final String IMPORT_OPERATION = "rbac.account.import";

    /** Pending audit entries per JDBC batch. */
    private static final int FLUSH_BATCH = 500;

    @Inject
    TransferStore store;

    @Inject
    UnitOfWork writes;

    @Inject
    dev.rolegate.access.EscalationGuard escalation;

    @Inject
    dev.rolegate.token.CallerContext callers;

    @Inject
    AccessLimits limits;

    @Inject
    Clock clock;

    /**
     * The account as an export document.
     *
     * @throws ProblemException 404 {@code account_not_found}
     */
    @Transactional
    public AccountExport export(String account) {
        if (!store.lockForRead(account)) {
            throw ProblemException.accountNotFound(account);
        }
        AccountExport doc = store.read(account).orElseThrow(() -> ProblemException.accountNotFound(account));
        return new AccountExport(doc.format(), doc.version(), doc.account(), doc.revision(), clock.instant(),
                doc.catalog(), doc.users(), doc.groups(), doc.assignments());
    }

    /**
     * Replaces the account's data with the document's.
     *
     * @param document           the document as sent
     * @param dryRun             run everything, then roll back: nothing is written
     * @param caller             the admin's user id, or null for a trusted caller (no lock-out rule)
     * @param callerHolds        the admin's permissions now, or null for a trusted caller (no escalation rule)
     * @param allowCallerLockout true to let the import take {@value #IMPORT_OPERATION} from the caller
     * @return the counts, and the new revision unless a dry run
     * @throws ProblemException 400 {@code invalid_request}, 422 {@code unsupported_export},
     *         {@code invalid_export}, {@code too_many_roles}, {@code inheritance_too_deep} (see
     *         {@link ImportValidator}); 409 {@code import_locks_out_caller} when the caller would
     *         lose {@value #IMPORT_OPERATION}; 403 {@code forbidden} when the document's roles grant
     *         permissions the caller does not hold; 409 {@code last_owner} when an account that had
     *         an active owner would have none; 404 {@code account_not_found}
     */
    public ImportResponse importDocument(String account, AccountExport document, boolean dryRun, String caller,
                                         Set<String> callerHolds, boolean allowCallerLockout) {
        ImportValidator validator = new ImportValidator(limits);
        AccountExport target = validator.normalize(document);
        Snapshot after = validator.compile(account, target, document);
        if (caller != null && !allowCallerLockout) {
            Decision decision = after.check(caller, new Target.Operation(IMPORT_OPERATION), clock.instant());
            if (!decision.allowed()) {
                throw ProblemException.conflict("import_locks_out_caller", "After this import, user '" + caller
                        + "' could no longer import into the account (" + decision.reason().code()
                        + "); include the user with a role that grants " + IMPORT_OPERATION
                        + ", or import with ?allowCallerLockout=true.");
            }
        }
        QuarkusTransaction.begin();
        try {
            ImportResponse response = apply(account, target, dryRun, callerHolds);
            if (dryRun) {
                QuarkusTransaction.rollback();
            } else {
                QuarkusTransaction.commit();
            }
            return response;
        } catch (RuntimeException e) {
            if (QuarkusTransaction.getStatus() != jakarta.transaction.Status.STATUS_NO_TRANSACTION) {
                QuarkusTransaction.rollback();
            }
            throw e;
        }
    }

    private ImportResponse apply(String account, AccountExport target, boolean dryRun, Set<String> callerHolds) {
        return writes.in(account, callers.attribution(), work -> {
            store.flushInBatchesOf(FLUSH_BATCH);
            AccountExport current = store.read(account).orElseThrow(() -> ProblemException.accountNotFound(account));
            requireNoEscalation(current, target, callerHolds);
            ImportPlan plan = ImportPlan.between(current, target);
            write(account, plan, clock.instant());
            work.note(Action.ACCOUNT_IMPORT, dev.rolegate.change.Change.accountKey(account), summary(target, plan));
            work.recordAll(changes(plan));
            escalation.requireNoGainBeyond(account, callerHolds);
            return new ImportResponse(dryRun, dryRun ? null : work.revision(), plan.changes());
        });
    }

    /**
     * No escalation through an import, in both directions (issue 11 item 1): an import may rewrite
     * or remove every role and assignment, so every permission a role of the document grants and
     * every permission a role of the account grants now must be held by the caller now; and it
     * may rewrite the catalog (which operation needs which permissions), which only a caller
     * holding every permission of the account may do. A permission the account does not have yet
     * counts as held only by such a caller (an owner).
     */
    private static void requireNoEscalation(AccountExport current, AccountExport target, Set<String> holds) {
        if (holds == null) {
            return;
        }
        Set<String> catalogNow = new HashSet<>(current.catalog().permissions().keySet());
        catalogNow.addAll(AdminCatalog.PERMISSIONS.keySet());
        Set<String> catalogAfter = new TreeSet<>(target.catalog().permissions().keySet());
        catalogAfter.addAll(AdminCatalog.PERMISSIONS.keySet());
        Set<String> needed = new TreeSet<>();
        for (AccountExport.Role role : target.catalog().roles().values()) {
            for (String grant : role.grants()) {
                catalogAfter.stream().filter(p -> Names.grantCovers(grant, p)).forEach(needed::add);
            }
        }
        for (AccountExport.Role role : current.catalog().roles().values()) {
            for (String grant : role.grants()) {
                catalogNow.stream().filter(p -> Names.grantCovers(grant, p)).forEach(needed::add);
            }
        }
        if (!operationsByPermission(current).equals(operationsByPermission(target))) {
            needed.addAll(catalogNow);
        }
        Set<String> held = new HashSet<>(holds);
        if (holds.containsAll(catalogNow)) {
            needed.stream().filter(p -> !catalogNow.contains(p)).forEach(held::add);
        }
        dev.rolegate.access.EscalationGuard.requireHeld(held, needed, "The document's roles grant");
    }

    /** The document's own catalog as permission → its operations (descriptions left out). */
    private static Map<String, Set<String>> operationsByPermission(AccountExport document) {
        Map<String, Set<String>> operations = new java.util.HashMap<>();
        document.catalog().permissions().forEach((name, p) -> operations.put(name, Set.copyOf(p.operations())));
        return operations;
    }

    // ---- writing -------------------------------------------------------------------------

    private void write(String account, ImportPlan plan, Instant now) {
        // 1. what goes away, dependants first
        for (String kind : List.of("user", "group")) {
            store.batch("DELETE FROM " + kind + "_role WHERE account_id = ? AND " + kind + "_id = ? AND role = ? AND source = ?",
                    rows(ofKind(plan.assignments().removed(), kind), c -> new Object[] {account, assignee(c.before()),
                            c.before().role(), c.before().source()}));
            store.batch("UPDATE " + kind + "_role SET valid_from = ?::timestamptz, expires_at = ?::timestamptz "
                            + "WHERE account_id = ? AND " + kind + "_id = ? AND role = ? AND source = ?",
                    rows(ofKind(plan.assignments().updated(), kind), c -> new Object[] {c.after().validFrom(),
                            c.after().expiresAt(), account, assignee(c.after()), c.after().role(), c.after().source()}));
        }
        store.batch("DELETE FROM group_member WHERE account_id = ? AND group_id = ? AND user_id = ?",
                rows(plan.memberships().removed(), c -> new Object[] {account, c.before().group(), c.before().user()}));
        store.batch("DELETE FROM app_user WHERE account_id = ? AND id = ?",
                rows(plan.users().removed(), c -> new Object[] {account, c.key()}));
        store.batch("DELETE FROM user_group WHERE account_id = ? AND id = ?",
                rows(plan.groups().removed(), c -> new Object[] {account, c.key()}));
        List<Object[]> rewrittenRoles = new ArrayList<>(rows(plan.roles().updated(), c -> new Object[] {account, c.key()}));
        rewrittenRoles.addAll(rows(plan.roles().removed(), c -> new Object[] {account, c.key()}));
        store.batch("DELETE FROM role_grant WHERE account_id = ? AND role = ?", rewrittenRoles);
        store.batch("DELETE FROM role_inheritance WHERE account_id = ? AND role = ?", rewrittenRoles);
        store.batch("DELETE FROM role_inheritance WHERE account_id = ? AND inherits = ?",
                rows(plan.roles().removed(), c -> new Object[] {account, c.key()}));
        store.batch("DELETE FROM role WHERE account_id = ? AND name = ?",
                rows(plan.roles().removed(), c -> new Object[] {account, c.key()}));
        store.batch("DELETE FROM permission WHERE account_id = ? AND name = ?",
                rows(plan.permissions().removed(), c -> new Object[] {account, c.key()}));
        store.batch("DELETE FROM permission_operation WHERE account_id = ? AND permission = ?",
                rows(plan.permissions().updated(), c -> new Object[] {account, c.key()}));

        // 2. the catalog
        store.batch("UPDATE permission SET description = ? WHERE account_id = ? AND name = ?",
                rows(plan.permissions().updated(), c -> new Object[] {text(c.after().description()), account, c.key()}));
        store.batch("INSERT INTO permission (account_id, name, description) VALUES (?, ?, ?)",
                rows(plan.permissions().created(), c -> new Object[] {account, c.key(), text(c.after().description())}));
        List<Object[]> operations = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Change<AccountExport.Permission> c : written(plan.permissions())) {
            for (String operation : c.after().operations()) {
                if (seen.add(operation)) {
                    operations.add(new Object[] {account, operation});
                }
                links.add(new Object[] {account, c.key(), operation});
            }
        }
        store.batch("INSERT INTO operation (account_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", operations);
        store.batch("INSERT INTO permission_operation (account_id, permission, operation) VALUES (?, ?, ?)", links);
        store.execute("DELETE FROM operation o WHERE o.account_id = ? AND NOT EXISTS (SELECT 1 FROM permission_operation po "
                + "WHERE po.account_id = o.account_id AND po.operation = o.name)", account);
        store.batch("UPDATE role SET description = ? WHERE account_id = ? AND name = ?",
                rows(plan.roles().updated(), c -> new Object[] {text(c.after().description()), account, c.key()}));
        store.batch("INSERT INTO role (account_id, name, description) VALUES (?, ?, ?)",
                rows(plan.roles().created(), c -> new Object[] {account, c.key(), text(c.after().description())}));
        List<Object[]> grants = new ArrayList<>();
        List<Object[]> inherits = new ArrayList<>();
        for (Change<AccountExport.Role> c : written(plan.roles())) {
            c.after().grants().forEach(g -> grants.add(new Object[] {account, c.key(), g}));
            c.after().inherits().forEach(r -> inherits.add(new Object[] {account, c.key(), r}));
        }
        store.batch("INSERT INTO role_grant (account_id, role, grant_name) VALUES (?, ?, ?)", grants);
        store.batch("INSERT INTO role_inheritance (account_id, role, inherits) VALUES (?, ?, ?)", inherits);

        // 3. the directory and the assignments
        store.batch("UPDATE app_user SET email = ?, display_name = ?, status = ?, source = ?, external_id = ?, external_dn = ?, "
                        + "updated_at = ?::timestamptz WHERE account_id = ? AND id = ?",
                rows(plan.users().updated(), c -> new Object[] {c.after().email(), c.after().displayName(), c.after().status(),
                        c.after().source(), c.after().externalId(), c.after().externalDn(), now, account, c.key()}));
        store.batch("INSERT INTO app_user (account_id, id, email, display_name, status, source, external_id, external_dn, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)",
                rows(plan.users().created(), c -> new Object[] {account, c.key(), c.after().email(), c.after().displayName(),
                        c.after().status(), c.after().source(), c.after().externalId(), c.after().externalDn(), now, now}));
        store.batch("UPDATE user_group SET display_name = ?, source = ?, external_id = ?, external_dn = ?, updated_at = ?::timestamptz "
                        + "WHERE account_id = ? AND id = ?",
                rows(plan.groups().updated(), c -> new Object[] {c.after().displayName(), c.after().source(),
                        c.after().externalId(), c.after().externalDn(), now, account, c.key()}));
        store.batch("INSERT INTO user_group (account_id, id, display_name, source, external_id, external_dn, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)",
                rows(plan.groups().created(), c -> new Object[] {account, c.key(), c.after().displayName(), c.after().source(),
                        c.after().externalId(), c.after().externalDn(), now, now}));
        store.batch("INSERT INTO group_member (account_id, group_id, user_id) VALUES (?, ?, ?)",
                rows(plan.memberships().created(), c -> new Object[] {account, c.after().group(), c.after().user()}));
        for (String kind : List.of("user", "group")) {
            store.batch("INSERT INTO " + kind + "_role (account_id, " + kind + "_id, role, source, valid_from, expires_at) "
                            + "VALUES (?, ?, ?, ?, ?::timestamptz, ?::timestamptz)",
                    rows(ofKind(plan.assignments().created(), kind),
                            c -> new Object[] {account, assignee(c.after()), c.after().role(), c.after().source(),
                                    c.after().validFrom(), c.after().expiresAt()}));
        }
    }

    /** The changes of user ({@code kind} "user") or group assignments. */
    private static List<Change<AccountExport.Assignment>> ofKind(List<Change<AccountExport.Assignment>> changes, String kind) {
        return changes.stream().filter(c -> {
            AccountExport.Assignment a = c.after() != null ? c.after() : c.before();
            return (a.user() != null) == kind.equals("user");
        }).toList();
    }

    private static String assignee(AccountExport.Assignment a) {
        return a.user() != null ? a.user() : a.group();
    }

    private static <V> List<Change<V>> written(Diff<V> diff) {
        List<Change<V>> all = new ArrayList<>(diff.created());
        all.addAll(diff.updated());
        return all;
    }

    private static <V> List<Object[]> rows(List<Change<V>> changes, Function<Change<V>, Object[]> row) {
        return changes.stream().map(row).toList();
    }

    private static String text(String description) {
        return description == null ? "" : description;
    }

    // ---- change items --------------------------------------------------------------------

    /** The {@code account.import} entry: the counts, and where the document came from. */
    private static Map<String, Object> summary(AccountExport target, ImportPlan plan) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("changes", plan.changes());
        if (target.account() != null) {
            summary.put("exportedFrom", target.account().id());
        }
        if (target.revision() != null) {
            summary.put("exportedRevision", target.revision());
        }
        return summary;
    }

    /** One change item per change, in the kinds and wire shapes of the admin API. */
    private static List<dev.rolegate.change.Change> changes(ImportPlan plan) {
        List<dev.rolegate.change.Change> changes = new ArrayList<>();
        items(changes, plan.permissions(), ChangeKind.PERMISSION, dev.rolegate.change.Change::permissionKey,
                (name, p) -> new PermissionResponse(name, text(p.description()), p.operations()));
        items(changes, plan.roles(), ChangeKind.ROLE, dev.rolegate.change.Change::roleKey,
                (name, r) -> new RoleResponse(name, text(r.description()), r.grants(), r.inherits()));
        items(changes, plan.users(), ChangeKind.USER, dev.rolegate.change.Change::userKey,
                (id, u) -> new UserResponse(id, u.email(), u.displayName(), u.status(), u.source()));
        items(changes, plan.groups(), ChangeKind.GROUP, dev.rolegate.change.Change::groupKey,
                (id, g) -> new GroupResponse(id, g.displayName(), g.source()));
        for (Change<ImportPlan.Membership> c : plan.memberships().created()) {
            changes.add(dev.rolegate.change.Change.created(ChangeKind.MEMBER,
                    dev.rolegate.change.Change.memberKey(c.after().group(), c.after().user()), new MemberResponse(c.after().user())));
        }
        for (Change<ImportPlan.Membership> c : plan.memberships().removed()) {
            changes.add(dev.rolegate.change.Change.deleted(ChangeKind.MEMBER,
                    dev.rolegate.change.Change.memberKey(c.before().group(), c.before().user()), new MemberResponse(c.before().user())));
        }
        Diff<AccountExport.Assignment> a = plan.assignments();
        for (List<Change<AccountExport.Assignment>> list : List.of(a.created(), a.updated(), a.removed())) {
            for (Change<AccountExport.Assignment> c : list) {
                AccountExport.Assignment any = c.after() != null ? c.after() : c.before();
                changes.add(dev.rolegate.change.Change.put(ChangeKind.ASSIGNMENT, ImportPlan.assignmentTarget(any),
                        assignmentView(c.before()), assignmentView(c.after())));
            }
        }
        return changes;
    }

    private static <V> void items(List<dev.rolegate.change.Change> changes, Diff<V> diff, ChangeKind kind,
                                  Function<String, String> key, java.util.function.BiFunction<String, V, Object> view) {
        for (Change<V> c : diff.created()) {
            changes.add(dev.rolegate.change.Change.created(kind, key.apply(c.key()), view.apply(c.key(), c.after())));
        }
        for (Change<V> c : diff.updated()) {
            changes.add(dev.rolegate.change.Change.updated(kind, key.apply(c.key()), view.apply(c.key(), c.before()),
                    view.apply(c.key(), c.after())));
        }
        for (Change<V> c : diff.removed()) {
            changes.add(dev.rolegate.change.Change.deleted(kind, key.apply(c.key()), view.apply(c.key(), c.before())));
        }
    }

    private static AssignmentResponse assignmentView(AccountExport.Assignment a) {
        return a == null ? null : new AssignmentResponse(a.role(), a.source(), a.validFrom(), a.expiresAt());
    }
}
