package dev.rolegate.ldapsync;

import dev.rolegate.access.SourceManagedRoles;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.LdapDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What LDAP manages ({@link SourceManagedRoles}): a group mirrored from the directory (source
 * {@code ldap}) for the roles the account's {@code groupRoles} map its DN to, the DNs compared
 * as the planner compares them ({@link LdapDirectory#dn}, RFC 4514 normalized). Users: nothing.
 * One look-up of the group row and of the settings per call.
 */
@ApplicationScoped
public class LdapManagedRoles implements SourceManagedRoles {

    @Inject
    EntityManager em;

    @Inject
    LdapConfigService settings;

    @Inject
    LdapDirectory ldap;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> of(String account, AssigneeKind kind, String assignee) {
        if (kind != AssigneeKind.GROUP) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT source, external_dn FROM user_group WHERE account_id = ?1 AND id = ?2")
                .setParameter(1, account).setParameter(2, assignee).getResultList();
        if (rows.isEmpty() || !"ldap".equals(rows.get(0)[0]) || rows.get(0)[1] == null) {
            return Set.of();
        }
        Map<String, List<String>> mapping = settings.groupRoles(account);
        if (mapping.isEmpty()) {
            return Set.of();
        }
        DirectoryDn group = dn((String) rows.get(0)[1]);
        Set<String> managed = new TreeSet<>();
        mapping.forEach((key, roles) -> {
            DirectoryDn mapped = dn(key);
            if (group != null && group.equals(mapped)) {
                managed.addAll(roles);
            }
        });
        return managed;
    }

    /** The normalized DN, or null for one that does not parse (a stored DN always does). */
    private DirectoryDn dn(String value) {
        try {
            return ldap.dn(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
