package dev.rolegate.scim;

import dev.rolegate.access.AssignmentService;
import dev.rolegate.change.Work;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.scim.store.ScimRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the {@code scim} assignments of an account in step with its {@link ScimSettings}: the
 * group → role mappings on the account's SCIM groups (matched by {@code displayName}, exactly),
 * the default roles on its SCIM users. It adds and removes only assignments of source
 * {@code scim}; a mapped role deleted since the settings were saved is skipped.
 */
@ApplicationScoped
public class ScimRoles {

    @Inject
    ScimRows rows;

    @Inject
    AssignmentService assignments;

    /**
     * Brings all of the account's {@code scim} assignments to what {@code settings} say, inside
     * {@code work} (the settings' own unit of work: one revision).
     */
    public void reconcile(Work work, ScimSettings settings) {
        for (String user : rows.allUserIds(work.account())) {
            reconcileUser(work, user, settings);
        }
        for (ScimRecords.GroupRow group : rows.allGroups(work.account())) {
            reconcileGroup(work, group, settings);
        }
    }

    /** A SCIM user's {@code scim} assignments: the default roles. */
    void reconcileUser(Work work, String user, ScimSettings settings) {
        bring(work, AssigneeKind.USER, user, settings.defaultRoles(), rows.scimRoles(work.account(), true, user));
    }

    /** A SCIM group's {@code scim} assignments: the roles its displayName maps to. */
    void reconcileGroup(Work work, ScimRecords.GroupRow group, ScimSettings settings) {
        bring(work, AssigneeKind.GROUP, group.groupId(), settings.groupRoles().getOrDefault(group.displayName(), List.of()),
                rows.scimRoles(work.account(), false, group.groupId()));
    }

    private void bring(Work work, AssigneeKind kind, String assignee, List<String> wanted, List<String> held) {
        Set<String> desired = new LinkedHashSet<>(rows.existingRoles(work.account(), wanted));
        for (String role : wanted) {
            if (desired.contains(role) && !held.contains(role)) {
                assignments.assign(work.account(), kind, assignee, role, AssignmentSource.SCIM, null, null);
            }
        }
        for (String role : held) {
            if (!desired.contains(role)) {
                assignments.revoke(work.account(), kind, assignee, role, List.of(AssignmentSource.SCIM));
            }
        }
    }
}
