package dev.rolegate.ldap;

import java.util.List;
import java.util.Objects;

/**
 * A group entry as read from the directory, with its complete direct membership (AD ranged
 * values already followed to the end; with {@code memberOf} membership, inverted from the users'
 * and groups' {@code memberOf} values by the reader).
 *
 * @param stableId  the group's stable id ({@code entryUUID} or {@code objectGUID}), never the DN
 * @param dn        the group's DN
 * @param name      the value of the DN's first RDN (e.g. {@code admins} for
 *                  {@code cn=admins,ou=groups,...}), for display
 * @param memberDns direct members that are not groups of the same read: users, or entries
 *                  outside the user search (which the planner ignores)
 * @param subgroups direct members that are groups of the same read (nesting); may form cycles
 */
public record DirectoryEntryGroup(
        String stableId, DirectoryDn dn, String name, List<DirectoryDn> memberDns, List<DirectoryDn> subgroups) {
    public DirectoryEntryGroup {
        Objects.requireNonNull(stableId, "stableId");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        memberDns = List.copyOf(memberDns);
        subgroups = List.copyOf(subgroups);
    }
}
