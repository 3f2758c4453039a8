package dev.rolegate.access;

import dev.rolegate.access.api.AssignableRolesResponse;
import dev.rolegate.access.store.CatalogQueries;
import dev.rolegate.check.SnapshotCache;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.EffectiveAccess;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.Target;
import dev.rolegate.platform.problem.ProblemException;
import dev.rolegate.token.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "Which roles may I hand to this subject now?" (issue 13 item 1), decided by the engine on the
 * account's snapshot with the rules the assignment call applies, in its order
 * ({@link AssignmentRefusal}): a role is {@code source_managed} when an identity source manages it
 * for the subject ({@link SourceManagedRoles}); {@code already_assigned} when the subject has an
 * admin's assignment of it that has not expired; {@code exceeds_caller} when the admin may not
 * perform the assignment operation at all, when the role carries a permission the admin does not
 * hold, or when assigning it would let the subject (or, for a group, an active member) perform an
 * operation that needs a permission the admin does not hold (the content rule of
 * {@link EscalationGuard}). Whatever it lists, {@code PUT .../roles/{role}} with
 * {@code If-None-Match: *} by the same admin accepts; whatever it excludes, that call refuses with
 * the same {@code reason} ({@code AssignableRolesTest} holds the two together on random accounts).
 *
 * <p>Cost: the roles of one page, each one closure read and, when the admin does not hold the
 * whole catalog, one effective-access computation per distinct permission set among the affected
 * users (the subject, or a group's active members, found by one scan of the account's users).
 */
@ApplicationScoped
public class AssignableRoles {

    @Inject
    SnapshotCache snapshots;

    @Inject
    AssignmentService assignments;

    @Inject
    CatalogQueries queries;

    @Inject
    Clock clock;

    /**
     * The assignment rules for one admin and one subject, on one snapshot at one instant. Not
     * thread safe; one per request.
     */
    public static final class Rule {
        private final Snapshot snapshot;
        private final Set<String> holds;
        private final boolean mayAssign;
        private final Set<String> managed;
        private final Set<String> assigned;
        private final List<String> affected;
        private final boolean holdsCatalog;
        private final Instant now;
        private final Map<String, EffectiveAccess> before = new java.util.HashMap<>();

        Rule(Snapshot snapshot, Set<String> holds, boolean mayAssign, Set<String> managed, Set<String> assigned,
             List<String> affected, Instant now) {
            this.snapshot = snapshot;
            this.holds = holds;
            this.mayAssign = mayAssign;
            this.managed = managed;
            this.assigned = assigned;
            this.affected = affected;
            this.holdsCatalog = holds.containsAll(snapshot.permissionNames());
            this.now = now;
        }

        /** The snapshot the rule decides on. */
        public Snapshot snapshot() {
            return snapshot;
        }

        /** The instant the rule decides at. */
        public Instant now() {
            return now;
        }

        /** Why the admin may not assign {@code role} to the subject now, or empty when the admin may. */
        public Optional<AssignmentRefusal> refusal(String role) {
            if (managed.contains(role)) {
                return Optional.of(AssignmentRefusal.SOURCE_MANAGED);
            }
            if (assigned.contains(role)) {
                return Optional.of(AssignmentRefusal.ALREADY_ASSIGNED);
            }
            if (!mayAssign || !holds.containsAll(snapshot.rolePermissions(role).orElse(List.of()))
                    || gainsBeyondCaller(List.of(role))) {
                return Optional.of(AssignmentRefusal.EXCEEDS_CALLER);
            }
            return Optional.empty();
        }

        /**
         * True when assigning all of {@code roles} to the subject would let an affected active
         * user perform an operation that needs a permission the admin does not hold. Monotone:
         * more roles never make it false.
         */
        public boolean gainsBeyondCaller(Collection<String> roles) {
            if (holdsCatalog) {
                return false;
            }
            for (String user : affected) {
                Set<String> had = new HashSet<>(before.computeIfAbsent(user, u -> snapshot.effectiveAccess(u, now)).operations());
                for (String operation : snapshot.effectiveAccessWith(user, roles, now).operations()) {
                    if (!had.contains(operation) && !holds.containsAll(snapshot.requiredPermissions(operation))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * The rule for {@code caller} assigning roles to the subject, on the account's current snapshot
     * (every revision this replica has heard of, at most {@code rolegate.check.max-staleness} old).
     *
     * @throws ProblemException 404 {@code account_not_found}, {@code user_not_found}, {@code group_not_found}
     */
    @Transactional
    public Rule rule(String account, Caller caller, AssigneeKind kind, String subject) {
        Snapshot snapshot = snapshots.get(account, snapshots.latestKnown(account)).snapshot();
        if (snapshot == null) {
            throw ProblemException.accountNotFound(account);
        }
        boolean user = kind == AssigneeKind.USER;
        if (user ? !snapshot.hasUser(subject) : !snapshot.hasGroup(subject)) {
            throw ProblemException.notFound(user ? "user_not_found" : "group_not_found",
                    "No " + (user ? "user" : "group") + " '" + subject + "' in this account.");
        }
        Instant now = clock.instant();
        Set<String> holds = Set.copyOf(snapshot.effectiveAccess(caller.subject(), now).permissions());
        String operation = user ? "rbac.users.roles.put" : "rbac.groups.roles.put";
        boolean mayAssign = snapshot.check(caller.subject(), new Target.Operation(operation), now).allowed();
        Set<String> assigned = new HashSet<>();
        for (AssignmentDef a : snapshot.assignmentsOf(kind, subject)) {
            if (AssignmentService.ADMIN_SOURCES.contains(a.source()) && a.validity().until().isAfter(now)) {
                assigned.add(a.role());
            }
        }
        // members holding the same permissions gain the same from a role: one stands for them all
        Map<List<String>, String> representatives = new java.util.LinkedHashMap<>();
        for (String member : user ? List.of(subject) : snapshot.members(subject)) {
            if (snapshot.isActive(member)) {
                representatives.putIfAbsent(snapshot.effectiveAccess(member, now).permissions(), member);
            }
        }
        List<String> affected = List.copyOf(representatives.values());
        return new Rule(snapshot, holds, mayAssign, assignments.sourceManaged(account, kind, subject), assigned, affected, now);
    }

    /**
     * One page of the account's roles for the settings page's assign dialog: those whose id
     * starts with {@code q} (case-insensitive; role ids are lowercase) and comes after
     * {@code after}, by id, at most {@code limit} of them, split into assignable ones and excluded
     * ones with their reason. Searched and paged on the server, on the snapshot's sorted role
     * index; only the page's descriptions are read from the database.
     *
     * @throws ProblemException as {@link #rule}
     */
    @Transactional
    public AssignableRolesResponse list(String account, Caller caller, AssigneeKind kind, String subject, String q,
                                        String after, int limit) {
        Rule rule = rule(account, caller, kind, subject);
        String prefix = q == null ? "" : q.toLowerCase(Locale.ROOT);
        List<String> window = new ArrayList<>();
        String next = null;
        for (String role : rule.snapshot.roleNames()) {
            if (!role.startsWith(prefix) || (after != null && role.compareTo(after) <= 0)) {
                continue;
            }
            if (window.size() == limit) {
                next = window.get(window.size() - 1);
                break;
            }
            window.add(role);
        }
        List<String> listed = new ArrayList<>();
        List<AssignableRolesResponse.Excluded> excluded = new ArrayList<>();
        for (String role : window) {
            Optional<AssignmentRefusal> refusal = rule.refusal(role);
            if (refusal.isPresent()) {
                excluded.add(new AssignableRolesResponse.Excluded(role, refusal.get().code()));
            } else {
                listed.add(role);
            }
        }
        Map<String, String> descriptions = queries.descriptions(account, listed);
        List<AssignableRolesResponse.Item> items = listed.stream().map(role -> new AssignableRolesResponse.Item(role,
                descriptions.getOrDefault(role, ""), rule.snapshot.rolePermissions(role).orElse(List.of()))).toList();
        return new AssignableRolesResponse(items, excluded, next);
    }
}
