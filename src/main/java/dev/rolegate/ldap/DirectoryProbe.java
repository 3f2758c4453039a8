package dev.rolegate.ldap;

import java.util.List;

/**
 * The answer of {@code POST .../directory/ldap/test}: the connection, TLS and bind worked, and the
 * searches return this many entries. Nothing was changed.
 *
 * @param users            entries the user search returns
 * @param groups           entries the group search returns
 * @param activeDirectory  whether the server announces Active Directory (rootDSE
 *                         {@code supportedCapabilities} 1.2.840.113556.1.4.800)
 * @param unmappedGroupDns {@code groupRoles} keys that name no group of the group search
 * @param problems         warnings, as in {@link DirectoryRead#problems()}
 */
public record DirectoryProbe(long users, long groups, boolean activeDirectory, List<String> unmappedGroupDns,
                             List<String> problems) {
    public DirectoryProbe {
        unmappedGroupDns = List.copyOf(unmappedGroupDns);
        problems = List.copyOf(problems);
    }
}
