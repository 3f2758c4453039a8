package dev.rolegate.ldap;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a sync run changes, every list sorted (by stable id, then role or member) so the same
 * inputs give the same plan, byte for byte.
 *
 * <p>LDAP users and groups are named by their stable id (the {@code externalId} Rolegate keeps),
 * because created ones have no Rolegate id yet; updates and removals also carry the current
 * Rolegate id. Apply in this order, in one transaction: create groups, create users, update users,
 * update groups, add memberships, remove memberships, add assignments, remove assignments,
 * deprovision users, remove groups. A user id never moves to a user that currently holds another
 * id (the planner skips such a rename until the other user let go of it), so updates apply in any
 * order without a unique-key clash.
 *
 * @param usersToCreate       new LDAP users
 * @param usersToUpdate       LDAP users whose user id, DN, email, display name or status changed
 * @param usersToDeprovision  LDAP users who left the directory (full runs only)
 * @param groupsToCreate      new LDAP groups
 * @param groupsToUpdate      LDAP groups whose DN or name changed
 * @param groupsToRemove      LDAP groups that left the directory (full runs only)
 * @param membershipsToAdd    (group, user) pairs, effective membership (nesting flattened)
 * @param membershipsToRemove (group, user) pairs
 * @param assignmentsToAdd    user → role, source {@code ldap}
 * @param assignmentsToRemove user → role, source {@code ldap}
 * @param skipped             entries the planner left alone, with the reason
 * @param warnings            configuration remarks (e.g. a {@code groupRoles} key that names no group read)
 */
public record SyncChanges(
        List<UserCreate> usersToCreate,
        List<UserUpdate> usersToUpdate,
        List<UserDeprovision> usersToDeprovision,
        List<GroupCreate> groupsToCreate,
        List<GroupUpdate> groupsToUpdate,
        List<GroupRemoval> groupsToRemove,
        List<MembershipChange> membershipsToAdd,
        List<MembershipChange> membershipsToRemove,
        List<AssignmentChange> assignmentsToAdd,
        List<AssignmentChange> assignmentsToRemove,
        List<Skipped> skipped,
        List<String> warnings) {

    public SyncChanges {
        usersToCreate = List.copyOf(usersToCreate);
        usersToUpdate = List.copyOf(usersToUpdate);
        usersToDeprovision = List.copyOf(usersToDeprovision);
        groupsToCreate = List.copyOf(groupsToCreate);
        groupsToUpdate = List.copyOf(groupsToUpdate);
        groupsToRemove = List.copyOf(groupsToRemove);
        membershipsToAdd = List.copyOf(membershipsToAdd);
        membershipsToRemove = List.copyOf(membershipsToRemove);
        assignmentsToAdd = List.copyOf(assignmentsToAdd);
        assignmentsToRemove = List.copyOf(assignmentsToRemove);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /** No changes at all. */
    public static SyncChanges none() {
        return new SyncChanges(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The run record's counters. */
    public SyncCounts counts() {
        return new SyncCounts(usersToCreate.size(), usersToUpdate.size(), usersToDeprovision.size(),
                groupsToCreate.size(), groupsToUpdate.size(), groupsToRemove.size(),
                assignmentsToAdd.size(), assignmentsToRemove.size());
    }

    /** True when applying would change nothing. */
    public boolean isEmpty() {
        return usersToCreate.isEmpty() && usersToUpdate.isEmpty() && usersToDeprovision.isEmpty()
                && groupsToCreate.isEmpty() && groupsToUpdate.isEmpty() && groupsToRemove.isEmpty()
                && membershipsToAdd.isEmpty() && membershipsToRemove.isEmpty()
                && assignmentsToAdd.isEmpty() && assignmentsToRemove.isEmpty();
    }

    /** A user field an update changes. */
    public enum UserField { USER_ID, DN, EMAIL, DISPLAY_NAME, STATUS }

    /** A group field an update changes. */
    public enum GroupField { DN, NAME }

    /**
     * Create an LDAP user.
     *
     * @param stableId    becomes the user's external id
     * @param dn          the DN to store
     * @param userId      the new Rolegate user id (valid per {@code Names.isUserId})
     * @param email       or null
     * @param displayName or null
     * @param status      disabled when the directory says so
     */
    public record UserCreate(String stableId, DirectoryDn dn, String userId, String email, String displayName,
                             UserStatus status) {
        public UserCreate {
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Update an LDAP user to these values (all of them, changed or not; {@code changed} says which
     * differ).
     *
     * @param currentId the user's Rolegate id now
     * @param stableId  its external id
     * @param changed   the fields that differ, never empty
     */
    public record UserUpdate(String currentId, String stableId, DirectoryDn dn, String userId, String email,
                             String displayName, UserStatus status, Set<UserField> changed) {
        public UserUpdate {
            Objects.requireNonNull(currentId, "currentId");
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(status, "status");
            if (changed.isEmpty()) {
                throw new IllegalArgumentException("an update changes something");
            }
            changed = Set.copyOf(EnumSet.copyOf(changed));
        }
    }

    /**
     * Disable or delete an LDAP user who left the directory.
     *
     * @param userId   the Rolegate user id
     * @param stableId its external id
     * @param dn       the DN it had
     * @param action   disable or delete, from the settings
     */
    public record UserDeprovision(String userId, String stableId, DirectoryDn dn, LdapSettings.Deprovision action) {
        public UserDeprovision {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(action, "action");
        }
    }

    /** Create an LDAP group. */
    public record GroupCreate(String stableId, DirectoryDn dn, String name) {
        public GroupCreate {
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Update an LDAP group to this DN and name; {@code changed} says which differ. */
    public record GroupUpdate(String groupId, String stableId, DirectoryDn dn, String name, Set<GroupField> changed) {
        public GroupUpdate {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(name, "name");
            changed = Set.copyOf(changed);
        }
    }

    /** Remove an LDAP group that left the directory, with its memberships and assignments. */
    public record GroupRemoval(String groupId, String stableId, DirectoryDn dn) {
        public GroupRemoval {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(stableId, "stableId");
        }
    }

    /** The LDAP user with stable id {@code userStableId} in the LDAP group {@code groupStableId}. */
    public record MembershipChange(String groupStableId, String userStableId) {
        public MembershipChange {
            Objects.requireNonNull(groupStableId, "groupStableId");
            Objects.requireNonNull(userStableId, "userStableId");
        }
    }

    /** Role {@code role} for the LDAP user with stable id {@code userStableId}, source {@code ldap}. */
    public record AssignmentChange(String userStableId, String role) {
        public AssignmentChange {
            Objects.requireNonNull(userStableId, "userStableId");
            Objects.requireNonNull(role, "role");
        }
    }

    /**
     * A directory user whose user id the planner could not use: a new user is not created; an
     * existing one keeps its current id (its other fields are still updated).
     *
     * @param stableId its stable id
     * @param dn       its DN
     * @param reason   snake_case: {@code missing_user_id}, {@code invalid_user_id},
     *                 {@code duplicate_user_id}, {@code user_id_taken}
     * @param detail   one sentence
     */
    public record Skipped(String stableId, DirectoryDn dn, String reason, String detail) {
        public Skipped {
            Objects.requireNonNull(stableId, "stableId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
