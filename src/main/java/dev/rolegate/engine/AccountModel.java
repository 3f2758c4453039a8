package dev.rolegate.engine;

import java.util.List;

/**
 * Everything the engine needs of one account at one revision: the input of
 * {@link SnapshotCompiler#compile}. Plain data; the compiler validates it.
 *
 * @param account     the account id (for messages only)
 * @param revision    the account's revision this data was read at (the consistency token)
 * @param permissions the permission catalog
 * @param roles       the roles
 * @param users       the users
 * @param groups      the groups with their members
 * @param assignments user and group assignments
 */
public record AccountModel(
        String account,
        long revision,
        List<PermissionDef> permissions,
        List<RoleDef> roles,
        List<UserDef> users,
        List<GroupDef> groups,
        List<AssignmentDef> assignments) {

    public AccountModel {
        java.util.Objects.requireNonNull(account, "account");
        permissions = List.copyOf(permissions);
        roles = List.copyOf(roles);
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        assignments = List.copyOf(assignments);
    }
}
