package dev.rolegate.engine;

import java.util.Objects;

/**
 * One typed change to an account's model: the engine's form of one row that a write committed
 * (what the admin API, SAML, LDAP and imports write, as recorded by the change feed). A list of
 * them turns the model at revision N into the model at N+1: {@link ModelChanges#apply} states
 * what each does on an {@link AccountModel}, and {@link SnapshotPatcher#patch} does the same on
 * a compiled {@link Snapshot} without recompiling the account.
 *
 * <p>The rules follow the database's: a put creates or replaces (an upsert by key); a delete of
 * something absent does nothing; a delete takes along what the database's foreign keys take
 * along (a user's memberships and assignments, a group's memberships and assignments, a role's
 * assignments and the inheritance links to it, as {@code DELETE .../roles/{r}?cascade=true}
 * does); a change that refers to a user, group or role that does not exist at that point of the
 * list is refused (the database's foreign keys make that impossible for committed rows).
 * Names and ids are not validated here: the compiler and the patcher validate them.
 */
public sealed interface ModelChange {

    /**
     * Creates the user or changes its status ({@code PUT /users/{id}}).
     *
     * @param id     a {@link Names#isUserId user id}
     * @param active false for status {@code disabled}
     */
    record UserPut(String id, boolean active) implements ModelChange {
        public UserPut {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Deletes the user with its memberships and its assignments ({@code DELETE /users/{id}}). */
    record UserDelete(String id) implements ModelChange {
        public UserDelete {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Creates the group, without members; nothing when it exists ({@code PUT /groups/{id}}). */
    record GroupPut(String id) implements ModelChange {
        public GroupPut {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Deletes the group with its memberships and its assignments ({@code DELETE /groups/{id}}). */
    record GroupDelete(String id) implements ModelChange {
        public GroupDelete {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Makes an existing user a member of an existing group ({@code PUT /groups/{g}/members/{u}}). */
    record MemberAdd(String group, String user) implements ModelChange {
        public MemberAdd {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(user, "user");
        }
    }

    /** Ends a membership ({@code DELETE /groups/{g}/members/{u}}). */
    record MemberRemove(String group, String user) implements ModelChange {
        public MemberRemove {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * Creates or replaces the assignment keyed by its kind, assignee, role and source (its
     * validity is what a replace changes); assignee and role must exist.
     */
    record AssignmentPut(AssignmentDef assignment) implements ModelChange {
        public AssignmentPut {
            Objects.requireNonNull(assignment, "assignment");
        }
    }

    /** Deletes the assignment with this key, whatever its validity. */
    record AssignmentDelete(AssigneeKind kind, String assignee, String role, AssignmentSource source) implements ModelChange {
        public AssignmentDelete {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(assignee, "assignee");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Creates or replaces the role: its grants and inherited roles ({@code PUT /roles/{r}}). */
    record RolePut(RoleDef role) implements ModelChange {
        public RolePut {
            Objects.requireNonNull(role, "role");
        }
    }

    /** Deletes the role with its assignments and the inheritance links to it. */
    record RoleDelete(String name) implements ModelChange {
        public RoleDelete {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Creates or replaces a permission of the catalog and the operations it lists. */
    record PermissionPut(PermissionDef permission) implements ModelChange {
        public PermissionPut {
            Objects.requireNonNull(permission, "permission");
        }
    }

    /** Deletes a permission of the catalog (the admin API refuses while a role grants it by name). */
    record PermissionDelete(String name) implements ModelChange {
        public PermissionDelete {
            Objects.requireNonNull(name, "name");
        }
    }
}
