package dev.rolegate.ldap;

import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Names;
import dev.rolegate.ldap.SyncChanges.AssignmentChange;
import dev.rolegate.ldap.SyncChanges.GroupCreate;
import dev.rolegate.ldap.SyncChanges.GroupField;
import dev.rolegate.ldap.SyncChanges.GroupRemoval;
import dev.rolegate.ldap.SyncChanges.GroupUpdate;
import dev.rolegate.ldap.SyncChanges.MembershipChange;
import dev.rolegate.ldap.SyncChanges.Skipped;
import dev.rolegate.ldap.SyncChanges.UserCreate;
import dev.rolegate.ldap.SyncChanges.UserDeprovision;
import dev.rolegate.ldap.SyncChanges.UserField;
import dev.rolegate.ldap.SyncChanges.UserUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a sync run's changes from a directory read and what Rolegate holds: a pure function
 * (no I/O, no clock, no randomness), so the same inputs always give the same plan, in the same
 * order, and a dry run shows exactly what a real run would do.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Identity</b>: LDAP users and groups are matched by stable id ({@code externalId}),
 *       never by DN; a new DN for a known stable id is a rename (an update), not a new user.</li>
 *   <li><b>Provenance</b> (DESIGN.md §1): only users and groups with source {@code ldap},
 *       memberships of LDAP users in LDAP groups, and user assignments with source {@code ldap}
 *       are created, changed or removed. Local and SAML users, manual, SAML and template
 *       assignments, and group assignments are never touched.</li>
 *   <li><b>User ids</b>: a directory user whose user id is missing, not a valid id
 *       ({@link Names#isUserId}), claimed by another entry of the read, or currently held by
 *       another Rolegate user (of any source) is reported as skipped: a new one is not created,
 *       an existing one keeps its current user id while its other fields still follow the
 *       directory, and neither is deprovisioned.</li>
 *   <li><b>Deprovisioning</b>: only on {@link SyncMode#FULL full} reads, only LDAP users absent
 *       from the read; {@code disable} disables active ones, {@code delete} deletes. A user the
 *       directory flags disabled is updated to disabled on any run; a deprovisioned user who
 *       comes back is re-enabled.</li>
 *   <li><b>Memberships and roles</b>, when the read has all groups: a user is a member of a group
 *       iff the group lists the user directly or, with {@code nestedGroups}, lists a group that
 *       has the user as a member (transitively; cycles such as A ∈ B ∈ A are harmless). A user
 *       gets role R from source {@code ldap} iff a member of a group that {@code groupRoles}
 *       maps to R. Membership is stored flattened, as the engine expects
 *       ({@code GroupDef}).</li>
 *   <li><b>Safety</b>, checked after planning: abort on an incomplete read, on a full read with
 *       no users (or no groups) while the account has LDAP users (or groups), and when the users
 *       that would be deprovisioned or newly disabled exceed {@code maxRemovalPercent} of the
 *       account's LDAP users.</li>
 * </ul>
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class SyncPlanner {

    private static final Comparator<MembershipChange> MEMBERSHIP_ORDER =
            Comparator.comparing(MembershipChange::groupStableId).thenComparing(MembershipChange::userStableId);
    private static final Comparator<AssignmentChange> ASSIGNMENT_ORDER =
            Comparator.comparing(AssignmentChange::userStableId).thenComparing(AssignmentChange::role);

    private SyncPlanner() {
    }

    /**
     * Plans a run.
     *
     * @param read    what the directory returned
     * @param current what the account holds now
     * @param options deprovisioning, threshold, nesting and group → role mapping
     * @return a {@link SyncPlan.Ready} with the changes, or a {@link SyncPlan.Aborted} with the
     *         reason; never throws for directory content
     */
    public static SyncPlan plan(DirectoryRead read, CurrentState current, PlanOptions options) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(options, "options");
        if (!read.complete()) {
            return new SyncPlan.Aborted(AbortReason.INCOMPLETE_READ,
                    "the directory read stopped short, so nothing is changed: " + String.join("; ", read.problems()),
                    SyncChanges.none());
        }
        Planning planning = new Planning(read, current, options);
        SyncChanges changes = planning.changes();
        boolean full = read.mode() == SyncMode.FULL;
        int ldapUsers = planning.ldapUsersByExternalId.size();
        if (full && read.users().isEmpty() && ldapUsers > 0) {
            return new SyncPlan.Aborted(AbortReason.EMPTY_USER_RESULT,
                    "the user search returned no entries while the account has " + ldapUsers
                            + " LDAP users; check the user base DN, filter and the bind DN's rights",
                    changes);
        }
        if (full && read.groups().isEmpty() && !planning.ldapGroupsByExternalId.isEmpty()) {
            return new SyncPlan.Aborted(AbortReason.EMPTY_GROUP_RESULT,
                    "the group search returned no entries while the account has "
                            + planning.ldapGroupsByExternalId.size()
                            + " LDAP groups; check the group base DN, filter and the bind DN's rights",
                    changes);
        }
        int removals = planning.removals;
        if (ldapUsers > 0 && (long) removals * 100 > (long) options.maxRemovalPercent() * ldapUsers) {
            return new SyncPlan.Aborted(AbortReason.REMOVAL_THRESHOLD,
                    "the run would deprovision or disable " + removals + " of " + ldapUsers + " LDAP users ("
                            + percent(removals, ldapUsers) + "), more than maxRemovalPercent "
                            + options.maxRemovalPercent() + "%",
                    changes);
        }
        return new SyncPlan.Ready(changes);
    }

    private static String percent(int part, int whole) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", part * 100.0 / whole);
    }

    /** One planning pass; holds the indexes. */
    private static final class Planning {
        private final DirectoryRead read;
        private final PlanOptions options;
        private final CurrentState current;
        private final Map<String, CurrentState.User> ldapUsersByExternalId = new TreeMap<>();
        private final Map<String, CurrentState.User> usersById = new HashMap<>();
        private final Map<String, CurrentState.Group> ldapGroupsByExternalId = new TreeMap<>();
        private final Map<String, CurrentState.Group> groupsById = new HashMap<>();
        /** Stable ids of LDAP users that exist after the plan (created, kept, updated or skipped-but-existing). */
        private final Map<DirectoryDn, String> userStableIdByDn = new HashMap<>();
        private int removals;

        Planning(DirectoryRead read, CurrentState current, PlanOptions options) {
            this.read = read;
            this.current = current;
            this.options = options;
            for (CurrentState.User user : current.users()) {
                usersById.put(user.id(), user);
                if (user.source() == CurrentState.Source.LDAP) {
                    ldapUsersByExternalId.put(user.externalId(), user);
                }
            }
            for (CurrentState.Group group : current.groups()) {
                groupsById.put(group.id(), group);
                if (group.source() == CurrentState.Source.LDAP) {
                    ldapGroupsByExternalId.put(group.externalId(), group);
                }
            }
        }

        SyncChanges changes() {
            List<UserCreate> creates = new ArrayList<>();
            List<UserUpdate> updates = new ArrayList<>();
            List<UserDeprovision> deprovisions = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            planUsers(creates, updates, deprovisions, skipped);

            List<GroupCreate> groupCreates = new ArrayList<>();
            List<GroupUpdate> groupUpdates = new ArrayList<>();
            List<GroupRemoval> groupRemovals = new ArrayList<>();
            List<MembershipChange> membershipAdds = new ArrayList<>();
            List<MembershipChange> membershipRemoves = new ArrayList<>();
            List<AssignmentChange> assignmentAdds = new ArrayList<>();
            List<AssignmentChange> assignmentRemoves = new ArrayList<>();
            if (read.groupsRead()) {
                planGroups(groupCreates, groupUpdates, groupRemovals);
                planMembershipsAndRoles(groupRemovals, membershipAdds, membershipRemoves, assignmentAdds,
                        assignmentRemoves, warnings);
            }
            return new SyncChanges(creates, updates, deprovisions, groupCreates, groupUpdates, groupRemovals,
                    membershipAdds, membershipRemoves, assignmentAdds, assignmentRemoves, skipped, warnings);
        }

        private void planUsers(List<UserCreate> creates, List<UserUpdate> updates,
                               List<UserDeprovision> deprovisions, List<Skipped> skipped) {
            List<DirectoryEntryUser> users = new ArrayList<>(read.users());
            users.sort(Comparator.comparing(DirectoryEntryUser::stableId));

            // Who claims which user id: a claim is refused when the id is invalid, claimed twice,
            // or held now by another user; refusing never cascades because a refused user keeps
            // the id it holds now, which no one else may claim.
            Map<String, List<DirectoryEntryUser>> claimants = new TreeMap<>();
            Map<String, Skipped> refused = new TreeMap<>();
            for (DirectoryEntryUser user : users) {
                if (user.userId() == null || user.userId().isEmpty()) {
                    refused.put(user.stableId(), new Skipped(user.stableId(), user.dn(), "missing_user_id",
                            "the entry has no value for the user id attribute"));
                } else if (!Names.isUserId(user.userId())) {
                    refused.put(user.stableId(), new Skipped(user.stableId(), user.dn(), "invalid_user_id",
                            "'" + user.userId() + "' is not a valid user id ([A-Za-z0-9._@+-], at most 256)"));
                } else {
                    claimants.computeIfAbsent(user.userId(), k -> new ArrayList<>()).add(user);
                }
            }
            for (Map.Entry<String, List<DirectoryEntryUser>> claim : claimants.entrySet()) {
                String userId = claim.getKey();
                CurrentState.User holder = usersById.get(userId);
                for (DirectoryEntryUser user : claim.getValue()) {
                    CurrentState.User existing = ldapUsersByExternalId.get(user.stableId());
                    boolean holdsIt = existing != null && existing.id().equals(userId);
                    if (holdsIt) {
                        continue;
                    }
                    if (claim.getValue().size() > 1) {
                        refused.put(user.stableId(), new Skipped(user.stableId(), user.dn(), "duplicate_user_id",
                                "another directory entry has the user id '" + userId + "' too"));
                    } else if (holder != null) {
                        refused.put(user.stableId(), new Skipped(user.stableId(), user.dn(), "user_id_taken",
                                "the user id '" + userId + "' belongs to another " + holder.source().name().toLowerCase(java.util.Locale.ROOT)
                                        + " user"));
                    }
                }
            }

            for (DirectoryEntryUser user : users) {
                CurrentState.User existing = ldapUsersByExternalId.get(user.stableId());
                Skipped refusal = refused.get(user.stableId());
                if (refusal != null) {
                    skipped.add(refusal);
                    if (existing == null) {
                        continue; // not created
                    }
                }
                userStableIdByDn.put(user.dn(), user.stableId());
                UserStatus status = user.disabled() ? UserStatus.DISABLED : UserStatus.ACTIVE;
                if (existing == null) {
                    creates.add(new UserCreate(user.stableId(), user.dn(), user.userId(), user.email(),
                            user.displayName(), status));
                    continue;
                }
                // A refused id only blocks the id change: the user keeps the id it has, and its
                // DN (which group members name), email, name and status still follow the directory.
                String userId = refusal == null ? user.userId() : existing.id();
                EnumSet<UserField> changed = EnumSet.noneOf(UserField.class);
                if (!existing.id().equals(userId)) {
                    changed.add(UserField.USER_ID);
                }
                if (!existing.dn().value().equals(user.dn().value())) {
                    changed.add(UserField.DN);
                }
                if (!Objects.equals(existing.email(), user.email())) {
                    changed.add(UserField.EMAIL);
                }
                if (!Objects.equals(existing.displayName(), user.displayName())) {
                    changed.add(UserField.DISPLAY_NAME);
                }
                if (existing.status() != status) {
                    changed.add(UserField.STATUS);
                    if (status == UserStatus.DISABLED) {
                        removals++;
                    }
                }
                if (!changed.isEmpty()) {
                    updates.add(new UserUpdate(existing.id(), user.stableId(), user.dn(), userId, user.email(),
                            user.displayName(), status, changed));
                }
            }

            Set<String> seen = new HashSet<>();
            users.forEach(u -> seen.add(u.stableId()));
            if (read.mode() == SyncMode.FULL) {
                for (CurrentState.User existing : ldapUsersByExternalId.values()) {
                    if (seen.contains(existing.externalId())) {
                        continue;
                    }
                    boolean delete = options.deprovision() == LdapSettings.Deprovision.DELETE;
                    if (delete || existing.status() == UserStatus.ACTIVE) {
                        deprovisions.add(new UserDeprovision(existing.id(), existing.externalId(), existing.dn(),
                                options.deprovision()));
                        removals++;
                    }
                }
            } else {
                // An incremental read only lists changed users; the others keep their DNs, which
                // group members may name.
                for (CurrentState.User existing : ldapUsersByExternalId.values()) {
                    if (!seen.contains(existing.externalId())) {
                        userStableIdByDn.putIfAbsent(existing.dn(), existing.externalId());
                    }
                }
            }
        }

        private void planGroups(List<GroupCreate> creates, List<GroupUpdate> updates, List<GroupRemoval> removals) {
            List<DirectoryEntryGroup> groups = new ArrayList<>(read.groups());
            groups.sort(Comparator.comparing(DirectoryEntryGroup::stableId));
            Set<String> seen = new HashSet<>();
            for (DirectoryEntryGroup group : groups) {
                seen.add(group.stableId());
                CurrentState.Group existing = ldapGroupsByExternalId.get(group.stableId());
                if (existing == null) {
                    creates.add(new GroupCreate(group.stableId(), group.dn(), group.name()));
                    continue;
                }
                EnumSet<GroupField> changed = EnumSet.noneOf(GroupField.class);
                if (!existing.dn().value().equals(group.dn().value())) {
                    changed.add(GroupField.DN);
                }
                if (!Objects.equals(existing.name(), group.name())) {
                    changed.add(GroupField.NAME);
                }
                if (!changed.isEmpty()) {
                    updates.add(new GroupUpdate(existing.id(), group.stableId(), group.dn(), group.name(), changed));
                }
            }
            if (read.mode() == SyncMode.FULL) {
                for (CurrentState.Group existing : ldapGroupsByExternalId.values()) {
                    if (!seen.contains(existing.externalId())) {
                        removals.add(new GroupRemoval(existing.id(), existing.externalId(), existing.dn()));
                    }
                }
            }
        }

        private void planMembershipsAndRoles(List<GroupRemoval> groupRemovals,
                                             List<MembershipChange> membershipAdds,
                                             List<MembershipChange> membershipRemoves,
                                             List<AssignmentChange> assignmentAdds,
                                             List<AssignmentChange> assignmentRemoves,
                                             List<String> warnings) {
            Map<DirectoryDn, String> groupStableIdByDn = new HashMap<>();
            for (DirectoryEntryGroup group : read.groups()) {
                groupStableIdByDn.put(group.dn(), group.stableId());
            }
            Map<String, Set<String>> directUsers = new HashMap<>();
            Map<String, Set<String>> subgroups = new HashMap<>();
            for (DirectoryEntryGroup group : read.groups()) {
                Set<String> users = new HashSet<>();
                Set<String> nested = new HashSet<>();
                for (DirectoryDn member : group.memberDns()) {
                    String user = userStableIdByDn.get(member);
                    if (user != null) {
                        users.add(user);
                    } else if (groupStableIdByDn.containsKey(member)) {
                        nested.add(groupStableIdByDn.get(member));
                    }
                }
                for (DirectoryDn member : group.subgroups()) {
                    String subgroup = groupStableIdByDn.get(member);
                    if (subgroup != null) {
                        nested.add(subgroup);
                    }
                }
                directUsers.put(group.stableId(), users);
                subgroups.put(group.stableId(), nested);
            }

            // Effective members: breadth-first over subgroups, each group visited once per root,
            // so a cycle (A in B in A) ends.
            Map<String, Set<String>> effective = new HashMap<>();
            for (DirectoryEntryGroup group : read.groups()) {
                Set<String> members = new HashSet<>(directUsers.get(group.stableId()));
                if (options.nestedGroups()) {
                    Set<String> visited = new HashSet<>();
                    visited.add(group.stableId());
                    Deque<String> queue = new ArrayDeque<>(subgroups.get(group.stableId()));
                    while (!queue.isEmpty()) {
                        String next = queue.poll();
                        if (visited.add(next)) {
                            members.addAll(directUsers.get(next));
                            queue.addAll(subgroups.get(next));
                        }
                    }
                }
                effective.put(group.stableId(), members);
            }

            // Memberships: desired (effective) against current, for LDAP users in LDAP groups of
            // this read, and in groups being removed.
            // Hash sets, and only the differences sorted: 300,000 memberships compare in linear time.
            Set<MembershipChange> desired = new HashSet<>();
            effective.forEach((group, users) -> users.forEach(user -> desired.add(new MembershipChange(group, user))));
            Set<String> groupsInScope = new HashSet<>(effective.keySet());
            groupRemovals.forEach(removal -> groupsInScope.add(removal.stableId()));
            Set<MembershipChange> held = new HashSet<>();
            for (CurrentState.Membership membership : current.memberships()) {
                CurrentState.Group group = groupsById.get(membership.groupId());
                CurrentState.User user = usersById.get(membership.userId());
                if (group != null && user != null && group.source() == CurrentState.Source.LDAP
                        && user.source() == CurrentState.Source.LDAP && groupsInScope.contains(group.externalId())) {
                    held.add(new MembershipChange(group.externalId(), user.externalId()));
                }
            }
            desired.stream().filter(m -> !held.contains(m)).sorted(MEMBERSHIP_ORDER).forEach(membershipAdds::add);
            held.stream().filter(m -> !desired.contains(m)).sorted(MEMBERSHIP_ORDER).forEach(membershipRemoves::add);

            // Roles: a user holds R (source ldap) iff an effective member of a group mapped to R.
            Set<AssignmentChange> wanted = new HashSet<>();
            for (Map.Entry<DirectoryDn, Set<String>> mapping : options.groupRoles().entrySet()) {
                String group = groupStableIdByDn.get(mapping.getKey());
                if (group == null) {
                    warnings.add("groupRoles names " + mapping.getKey().value()
                            + ", which the group search did not return; its roles are given to no one");
                    continue;
                }
                for (String user : effective.get(group)) {
                    for (String role : mapping.getValue()) {
                        wanted.add(new AssignmentChange(user, role));
                    }
                }
            }
            Set<AssignmentChange> granted = new HashSet<>();
            for (CurrentState.Assignment assignment : current.assignments()) {
                if (assignment.kind() != AssigneeKind.USER || assignment.source() != AssignmentSource.LDAP) {
                    continue;
                }
                CurrentState.User user = usersById.get(assignment.assignee());
                if (user != null && user.source() == CurrentState.Source.LDAP) {
                    granted.add(new AssignmentChange(user.externalId(), assignment.role()));
                }
            }
            wanted.stream().filter(a -> !granted.contains(a)).sorted(ASSIGNMENT_ORDER).forEach(assignmentAdds::add);
            granted.stream().filter(a -> !wanted.contains(a)).sorted(ASSIGNMENT_ORDER).forEach(assignmentRemoves::add);
        }
    }
}
