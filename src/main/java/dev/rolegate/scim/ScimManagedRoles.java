package dev.rolegate.scim;

import dev.rolegate.access.SourceManagedRoles;
import dev.rolegate.engine.AssigneeKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What SCIM manages ({@link SourceManagedRoles}): a SCIM group for the roles the account's SCIM
 * {@code groupRoles} map its displayName to. Users: nothing (an admin's manual assignment and
 * SCIM's default role coexist, each removed only by whoever made it).
 */
@ApplicationScoped
public class ScimManagedRoles implements SourceManagedRoles {

    @Inject
    EntityManager em;

    @Inject
    ScimSettingsService settings;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> of(String account, AssigneeKind kind, String assignee) {
        if (kind != AssigneeKind.GROUP) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("SELECT display_name FROM scim_group WHERE account_id = ?1 AND group_id = ?2")
                .setParameter(1, account).setParameter(2, assignee).getResultList();
        if (names.isEmpty()) {
            return Set.of();
        }
        return new TreeSet<>(settings.settings(account).groupRoles().getOrDefault(names.get(0), List.of()));
    }
}
