package dev.rolegate.ldap;

import java.util.Objects;

/**
 * A user entry as read from the directory.
 *
 * @param stableId    the entry's stable id: {@code entryUUID} in lowercase, or AD
 *                    {@code objectGUID} as a lowercase GUID string; never the DN, so a renamed or
 *                    moved entry stays the same user
 * @param dn          the entry's DN
 * @param userId      the value of the configured {@code userId} attribute, or null when the entry
 *                    has none (the planner then skips the user)
 * @param email       the email attribute's value, or null
 * @param displayName the display name attribute's value, or null
 * @param disabled    whether the directory marks the account disabled
 */
public record DirectoryEntryUser(
        String stableId, DirectoryDn dn, String userId, String email, String displayName, boolean disabled) {
    public DirectoryEntryUser {
        Objects.requireNonNull(stableId, "stableId");
        Objects.requireNonNull(dn, "dn");
    }
}
