package dev.rolegate.ldap;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The settings the planner applies.
 *
 * @param deprovision       what happens to LDAP users who left the directory (full runs only)
 * @param maxRemovalPercent 0–100: abort when the users that would be deprovisioned or newly
 *                          disabled exceed this share of the account's LDAP users
 * @param nestedGroups      whether members of a subgroup count as members of its parents
 * @param groupRoles        group DN → role names its (direct or nested) members get, source
 *                          {@code ldap}; keys compare as DNs
 */
public record PlanOptions(LdapSettings.Deprovision deprovision, int maxRemovalPercent, boolean nestedGroups,
                          Map<DirectoryDn, Set<String>> groupRoles) {

    public PlanOptions {
        Objects.requireNonNull(deprovision, "deprovision");
        if (maxRemovalPercent < 0 || maxRemovalPercent > 100) {
            throw new IllegalArgumentException("maxRemovalPercent must be between 0 and 100");
        }
        Map<DirectoryDn, Set<String>> copy = new TreeMap<>();
        groupRoles.forEach((dn, roles) ->
                copy.computeIfAbsent(dn, k -> new TreeSet<>()).addAll(roles));
        copy.replaceAll((dn, roles) -> Collections.unmodifiableSet(roles));
        groupRoles = Collections.unmodifiableMap(copy);
    }

    /**
     * The options of {@code settings}, with its {@code groupRoles} keys parsed by {@code dnParser}
     * (usually {@link LdapDirectory#dn}). Keys that name the same DN are merged.
     */
    public static PlanOptions of(LdapSettings settings, Function<String, DirectoryDn> dnParser) {
        Map<DirectoryDn, Set<String>> roles = new TreeMap<>();
        for (Map.Entry<String, List<String>> entry : settings.groupRoles().entrySet()) {
            roles.computeIfAbsent(dnParser.apply(entry.getKey()), k -> new TreeSet<>()).addAll(entry.getValue());
        }
        return new PlanOptions(settings.deprovision(), settings.maxRemovalPercent(), settings.nestedGroups(), roles);
    }
}
