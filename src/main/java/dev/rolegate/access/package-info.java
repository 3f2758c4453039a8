/**
 * Roles, permissions, operations and assignments, one service per aggregate:
 * {@link dev.rolegate.access.PermissionService} (the catalog), {@link dev.rolegate.access.RoleService}
 * (grants and inheritance), {@link dev.rolegate.access.AssignmentService} (user or group → role);
 * each write one unit of work. The no-escalation rules ({@link dev.rolegate.access.EscalationGuard})
 * and the role-graph invariant live here too, and what the settings page asks of them (issue 13):
 * {@link dev.rolegate.access.AssignableRoles} (which roles an admin may hand to a subject, and why
 * not the others) and {@link dev.rolegate.access.AssignmentFixes} (the smallest sets that would
 * allow an operation), both decided on the engine's snapshot. Depends on {@code change}, {@code check} (the
 * engine's view of an account), {@code admin}, {@code token}, {@code policy}, {@code engine} and
 * {@code platform}; the directory it assigns to is reached through
 * {@link dev.rolegate.access.Assignees}, which {@code directory} implements, and what identity
 * sources manage through {@link dev.rolegate.access.SourceManagedRoles}, which {@code ldapsync}
 * implements.
 */
package dev.rolegate.access;
