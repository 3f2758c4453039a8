package dev.rolegate.ldapsync.api;

import java.util.List;

/** Answer of {@code POST .../directory/ldap/test}: what the searches found; nothing changed. */
public record LdapTestResponse(long users, long groups, boolean activeDirectory, List<String> unmappedGroupDns,
                               List<String> problems) {
}
