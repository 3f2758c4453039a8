package dev.rolegate.scim;

import dev.rolegate.change.Work;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the {@code scim} assignments of an account in step with its {@link ScimSettings}: the
 * group → role mappings on the account's SCIM groups, the default roles on its SCIM users. It
 * adds and removes only assignments of source {@code scim}.
 */
@ApplicationScoped
public class ScimRoles {

    /**
     * Brings the account's {@code scim} assignments to what {@code settings} say, inside
     * {@code work} (the settings' own unit of work: one revision).
     */
    public void reconcile(Work work, ScimSettings settings) {
        // filled in with the SCIM users and groups (issue 15)
    }
}
