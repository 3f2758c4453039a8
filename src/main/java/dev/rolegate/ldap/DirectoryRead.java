package dev.rolegate.ldap;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one read of the directory returned: the input of {@link SyncPlanner#plan}.
 *
 * <p>A {@link SyncMode#FULL full} read holds every user under the user base DN and filter and
 * every group under the group base DN and filter. An {@link SyncMode#INCREMENTAL incremental}
 * read holds the users changed since a {@link Watermark}; its groups are either all groups with
 * complete memberships ({@code groupsRead}, when any group changed) or none. Without groups the
 * planner leaves memberships and LDAP assignments as they are.
 *
 * @param mode          how the read was made
 * @param users         the users read, each stable id at most once
 * @param groups        the groups read, each stable id at most once; empty unless {@code groupsRead}
 * @param groupsRead    whether {@code groups} is every group with its complete membership (always
 *                      true for a full read)
 * @param complete      false when the read stopped short (size or time limit, an entry without a
 *                      stable id, an unparsable DN): the planner then aborts rather than act on
 *                      part of the directory
 * @param problems      why the read is incomplete, and other warnings (references not followed,
 *                      members that are not DNs); no secrets
 * @param highWatermark where the next incremental read starts, or null when the server offers
 *                      neither {@code modifyTimestamp} nor {@code uSNChanged}
 */
public record DirectoryRead(
        SyncMode mode,
        List<DirectoryEntryUser> users,
        List<DirectoryEntryGroup> groups,
        boolean groupsRead,
        boolean complete,
        List<String> problems,
        Watermark highWatermark) {

    public DirectoryRead {
        Objects.requireNonNull(mode, "mode");
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        problems = List.copyOf(problems);
        if (mode == SyncMode.FULL && !groupsRead) {
            throw new IllegalArgumentException("a full read reads all groups");
        }
        if (!groupsRead && !groups.isEmpty()) {
            throw new IllegalArgumentException("groups are read all or not at all");
        }
        requireUnique(users.stream().map(DirectoryEntryUser::stableId).toList(), "user");
        requireUnique(groups.stream().map(DirectoryEntryGroup::stableId).toList(), "group");
    }

    private static void requireUnique(List<String> ids, String what) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("two " + what + " entries share the stable id " + id);
            }
        }
    }
}
