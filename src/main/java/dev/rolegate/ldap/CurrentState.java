package dev.rolegate.ldap;

import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Rolegate holds for one account, as the {@link SyncPlanner} needs it: every user and group
 * with its source, the memberships, and the assignments with their sources. The service loads it
 * in the run's transaction; the planner only ever changes the {@link Source#LDAP LDAP} part of it.
 *
 * @param users       every user of the account (all sources: the planner must know which user
 *                    ids are taken)
 * @param groups      every group of the account
 * @param memberships every group membership (group id, user id)
 * @param assignments every assignment; the planner touches only user assignments with source
 *                    {@link AssignmentSource#LDAP}
 */
public record CurrentState(List<User> users, List<Group> groups, List<Membership> memberships,
                           List<Assignment> assignments) {

    public CurrentState {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        memberships = List.copyOf(memberships);
        assignments = List.copyOf(assignments);
        unique(users.stream().map(User::id).toList(), "user id");
        unique(users.stream().filter(u -> u.source() == Source.LDAP).map(User::externalId).toList(), "LDAP user external id");
        unique(groups.stream().map(Group::id).toList(), "group id");
        unique(groups.stream().filter(g -> g.source() == Source.LDAP).map(Group::externalId).toList(), "LDAP group external id");
    }

    /** An account with nothing in it yet. */
    public static CurrentState empty() {
        return new CurrentState(List.of(), List.of(), List.of(), List.of());
    }

    private static void unique(List<String> values, String what) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException("duplicate " + what + ": " + value);
            }
        }
    }

    /** Where a user or group came from (DESIGN.md §1). */
    public enum Source {
        LOCAL, SAML, LDAP
    }

    /**
     * A user.
     *
     * @param id          the Rolegate user id (the {@code subject} of checks)
     * @param source      where it came from
     * @param externalId  for LDAP users, the directory stable id; null otherwise
     * @param dn          for LDAP users, the DN last seen; null otherwise
     * @param email       or null
     * @param displayName or null
     * @param status      active or disabled
     */
    public record User(String id, Source source, String externalId, DirectoryDn dn, String email, String displayName,
                       UserStatus status) {
        public User {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(status, "status");
            if (source == Source.LDAP && (externalId == null || dn == null)) {
                throw new IllegalArgumentException("an LDAP user has an external id and a DN: " + id);
            }
        }
    }

    /**
     * A group.
     *
     * @param id         the Rolegate group id
     * @param source     where it came from
     * @param externalId for LDAP groups, the directory stable id; null otherwise
     * @param dn         for LDAP groups, the DN last seen; null otherwise
     * @param name       display name
     */
    public record Group(String id, Source source, String externalId, DirectoryDn dn, String name) {
        public Group {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            if (source == Source.LDAP && (externalId == null || dn == null)) {
                throw new IllegalArgumentException("an LDAP group has an external id and a DN: " + id);
            }
        }
    }

    /** User {@code userId} is a member of group {@code groupId} (Rolegate ids). */
    public record Membership(String groupId, String userId) {
        public Membership {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * An assignment of {@code role} to a user or group, with its source.
     *
     * @param kind     user or group
     * @param assignee the Rolegate user or group id
     * @param role     role name
     * @param source   who made it
     */
    public record Assignment(AssigneeKind kind, String assignee, String role, AssignmentSource source) {
        public Assignment {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(assignee, "assignee");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(source, "source");
        }
    }
}
