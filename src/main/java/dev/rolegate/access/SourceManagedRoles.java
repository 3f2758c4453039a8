package dev.rolegate.access;

import dev.rolegate.engine.AssigneeKind;
import java.util.Set;

/**
 * The roles that only an identity source may assign to one assignee (issue 13 item 1, reason
 * {@code source_managed}). Declared here, implemented by each identity source's feature
 * ({@code ldapsync.LdapManagedRoles} today; SCIM's when it comes), so that access needs none of
 * them; {@link AssignableRoles} and {@link AssignmentService} take the union of every
 * implementation. Called inside a transaction.
 *
 * <p>What a source manages is its own to say. LDAP: a group mirrored from the directory
 * ({@code source} {@code ldap}) is managed for the roles that the account's LDAP {@code groupRoles}
 * map that group's DN to: the sync gives them to its members, and an admin's assignment of them to
 * the group would outlive a change of the mapping. Users are never managed: an admin's
 * {@code manual} assignment and a source's own assignment of one role coexist by design, each
 * removed only by whoever made it (DESIGN.md §1).
 */
public interface SourceManagedRoles {

    /** The roles only an identity source assigns to this assignee; empty when none (or no such assignee). */
    Set<String> of(String account, AssigneeKind kind, String assignee);
}
