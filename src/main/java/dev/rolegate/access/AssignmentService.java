package dev.rolegate.access;

import dev.rolegate.access.api.AssignmentResponse;
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
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.platform.Page;
import dev.rolegate.platform.Written;
import dev.rolegate.platform.problem.FieldError;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rolegate.access.EscalationGuard.requireHeld;

/**
 * Use cases on role assignments: user or group → role, with its source and validity, break-glass
 * included. Every write is a unit of work ({@link UnitOfWork}) and validates against the
 * account's current data in it: it either applies whole or changes nothing. A source only adds
 * or removes its own assignments (DESIGN.md §1). Arguments are already syntactically valid.
 */
@ApplicationScoped
public class AssignmentService {

    @Inject
    UnitOfWork writes;

    @Inject
    CallerContext callers;

    @Inject
    CatalogQueries queries;

    @Inject
    Assignees assignees;

    @Inject
    RoleService roles;

    @Inject
    AccessLimits limits;

    @Inject
    EscalationGuard escalation;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.inject.Instance<SourceManagedRoles> sources;

    /** Sources an admin manages through the API; the others belong to their identity source. */
    static final List<AssignmentSource> ADMIN_SOURCES = List.of(AssignmentSource.MANUAL, AssignmentSource.TEMPLATE);

    /**
     * Assigns a role to a user or group (every member then holds it) from {@code source},
     * replacing the validity of an existing assignment of the same source. The admin API
     * assigns with {@link AssignmentSource#MANUAL}; identity sources (SAML, LDAP) with their own.
     *
     * @param validFrom start of validity (inclusive), or null for "already"
     * @param expiresAt end of validity (exclusive), or null for "never"
     * @return the assignment; {@code created} when no assignment of this source existed
     * @throws ProblemException 404 {@code user_not_found} / {@code group_not_found} /
     *         {@code role_not_found}; 400 when {@code expiresAt} is not after {@code validFrom};
     *         422 {@code expires_in_past} when {@code expiresAt} is not after now (the injected clock)
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
        return assign(account, kind, assignee, role, source, validFrom, expiresAt, grantorHolds, false);
    }

    /**
     * {@link #assign(String, AssigneeKind, String, String, AssignmentSource, Instant, Instant, Set)}
     * as the settings page makes it (issue 13 item 1): an admin's assignment (non-null
     * {@code grantorHolds}) is refused in the order of {@link AssignmentRefusal}, each refusal's
     * problem carrying its code as the {@code reason} member, which is what
     * {@code GET .../assignable-roles} says of the role beforehand.
     *
     * @param createOnly true for {@code If-None-Match: *}: refuse rather than replace an admin's
     *                   assignment of the role that has not expired
     * @throws ProblemException 409 {@code source_managed} (a role only an identity source assigns
     *         to this subject, {@link SourceManagedRoles}); 409 {@code already_assigned} (create-only);
     *         403 {@code forbidden} with reason {@code exceeds_caller}
     */
    @Transactional
    public Written<AssignmentResponse> assign(String account, AssigneeKind kind, String assignee, String role,
                                              AssignmentSource source, Instant validFrom, Instant expiresAt,
                                              Set<String> grantorHolds, boolean createOnly) {
        return writes.in(account, callers.attribution(), work -> {
            if (grantorHolds != null) {
                requireAssignee(account, kind, assignee);
                roles.requireRole(account, role);
                requireNotSourceManaged(account, kind, assignee, role);
                if (createOnly) {
                    requireNotAssigned(account, kind, assignee, role);
                }
            }
            return assignAt(work, account, kind, assignee, role, source, validFrom, expiresAt, grantorHolds, null);
        });
    }

    /** 409 {@code source_managed} when only an identity source assigns {@code role} to this assignee. */
    private void requireNotSourceManaged(String account, AssigneeKind kind, String assignee, String role) {
        if (sourceManaged(account, kind, assignee).contains(role)) {
            throw ProblemException.conflict("source_managed", label(kind) + " '" + assignee + "' gets role '" + role
                    + "' from its identity source; change the source's role mapping instead.",
                    Map.of("reason", AssignmentRefusal.SOURCE_MANAGED.code()));
        }
    }

    /** The union of what every identity source manages for this assignee. */
    Set<String> sourceManaged(String account, AssigneeKind kind, String assignee) {
        Set<String> managed = new HashSet<>();
        for (SourceManagedRoles source : sources) {
            managed.addAll(source.of(account, kind, assignee));
        }
        return managed;
    }

    /** 409 {@code already_assigned} when an admin's assignment of the role has not expired. */
    private void requireNotAssigned(String account, AssigneeKind kind, String assignee, String role) {
        Instant now = clock.instant();
        boolean assigned = rows(kind, "accountId = ?1 and assignee = ?2 and role = ?3 and source in ?4", account, assignee, role,
                ADMIN_SOURCES.stream().map(AssignmentSource::wireName).toList()).stream()
                .anyMatch(row -> row.expiresAt == null || row.expiresAt.isAfter(now));
        if (assigned) {
            throw ProblemException.conflict("already_assigned", label(kind) + " '" + assignee + "' already has role '" + role
                    + "' from an admin; a PUT without If-None-Match changes its validity.",
                    Map.of("reason", AssignmentRefusal.ALREADY_ASSIGNED.code()));
        }
    }

    /**
     * Break-glass (issue 3 item 3): a time-boxed emergency {@code manual} assignment of a role to
     * a user, with a mandatory reason, that ends by itself at {@code expiresAt} (default and
     * maximum: now + {@code rolegate.limits.break-glass-max}), recorded in the audit log as its own
     * event {@code breakglass.grant} with the reason. It never replaces an existing manual
     * assignment of the role (that could shorten or lengthen it silently).
     *
     * @throws ProblemException 400 for a blank reason or an end beyond the maximum; 422
     *         {@code expires_in_past} for an end not after {@code now}; 409 {@code already_assigned};
     *         403 when the grantor lacks the role's permissions
     */
    @Transactional
    public Written<AssignmentResponse> breakGlass(String account, String user, String role, String reason,
                                                  Instant expiresAt, Instant now, Set<String> grantorHolds) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("/reason", "a break-glass assignment needs a reason");
        }
        Instant latest = now.plus(limits.breakGlassMax());
        Instant end = expiresAt == null ? latest : expiresAt;
        requireNotOver(end, now);
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

    /**
     * An assignment that would be over the moment it is written is refused rather than stored:
     * it grants nothing, so the caller almost surely meant another time (a typo, a time zone).
     * To end an assignment, revoke it.
     */
    private static void requireNotOver(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw ProblemException.unprocessable("expires_in_past", "expiresAt " + expiresAt
                            + " is not in the future (now is " + now + "); to end an assignment, revoke it.",
                    List.of(new FieldError("/expiresAt", "must be in the future")));
        }
    }

    private Written<AssignmentResponse> assignAt(dev.rolegate.change.Work work, String account, AssigneeKind kind, String assignee, String role,
                                                 AssignmentSource source, Instant validFrom, Instant expiresAt,
                                                 Set<String> grantorHolds, String breakGlassReason) {
        requireAssignee(account, kind, assignee);
        RoleEntity assigned = roles.requireRole(account, role);
        if (grantorHolds != null) {
            requireHeld(grantorHolds, roles.effectivePermissions(account, List.of(), List.of(assigned.id)),
                    "Assigning role '" + role + "' would grant");
        }
        if (validFrom != null && expiresAt != null && !expiresAt.isAfter(validFrom)) {
            throw ProblemException.invalid("/expiresAt", "expiresAt must be after validFrom");
        }
        if (expiresAt != null) {
            requireNotOver(expiresAt, clock.instant());
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
        requireHeld(grantorHolds, grantorHolds == null ? Set.of() : roles.rolePermissions(account, List.of(role)),
                "Revoking role '" + role + "' would take away");
        List<String> wire = sources.stream().map(AssignmentSource::wireName).toList();
        String query = "accountId = ?1 and assignee = ?2 and role = ?3 and source in ?4";
        List<AssignmentResponse> before = rows(kind, query, account, assignee, role, wire).stream()
                .map(AssignmentService::view).toList();
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
                .map(AssignmentService::view)
                .orElseThrow(() -> ProblemException.notFound("assignment_not_found",
                        label(kind) + " '" + assignee + "' is not assigned role '" + role + "'."));
    }

    /** The assignments of a user or group, by role then source, paged by role. */
    @Transactional
    public Page<AssignmentResponse> listAssignments(String account, AssigneeKind kind, String assignee, String after, int limit) {
        requireAssignee(account, kind, assignee);
        List<AssignmentResponse> rows = rows(kind, "accountId = ?1 and assignee = ?2 and role > ?3 order by role, source",
                account, assignee, after == null ? "" : after).stream().map(AssignmentService::view).toList();
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

    static List<? extends AssignmentRow> rows(AssigneeKind kind, String query, Object... params) {
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

    /**
     * The effective permissions of every role a user holds, directly or through a group (any
     * source, any validity): what deleting, disabling or enabling the user changes.
     */
    public Set<String> userPermissions(String account, String user) {
        List<String> held = queries.rolesOfUser(account, user);
        return roles.rolePermissions(account, held);
    }

    /** The effective permissions of every role assigned to a group (any source, any validity). */
    public Set<String> groupPermissions(String account, String group) {
        List<String> held = GroupRoleEntity.<GroupRoleEntity>list("accountId = ?1 and assignee = ?2", account, group)
                .stream().map(r -> r.role).distinct().toList();
        return roles.effectivePermissions(account, List.of(), held);
    }

    private static int sourceRank(String source) {
        return switch (source) {
            case "manual" -> 0;
            case "template" -> 1;
            case "ldap" -> 2;
            default -> 3;
        };
    }

    static AssignmentResponse view(AssignmentRow a) {
        return new AssignmentResponse(a.role, a.source, a.validFrom, a.expiresAt);
    }

    /**
     * Account creation's part: the owner's assignment of the template's owner role from
     * {@code source}, inside the creation's unit of work, recorded for the feed without an audit
     * entry of its own.
     */
    public void seedUserRole(dev.rolegate.change.Work work, String user, String role, AssignmentSource source) {
        UserRoleEntity assignment = new UserRoleEntity();
        assignment.accountId = work.account();
        assignment.assignee = user;
        assignment.role = role;
        assignment.source = source.wireName();
        assignment.persist();
        work.recordWithoutEntry(Change.created(ChangeKind.ASSIGNMENT, Change.assignmentKey(AssigneeKind.USER,
                user, role), new AssignmentResponse(role, assignment.source, null, null)));
    }
}
