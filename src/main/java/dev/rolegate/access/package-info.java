/**
 * Roles, permissions, operations and assignments, one service per aggregate:
 * {@link dev.rolegate.access.PermissionService} (the catalog), {@link dev.rolegate.access.RoleService}
 * (grants and inheritance), {@link dev.rolegate.access.AssignmentService} (user or group → role);
 * each write one unit of work. The no-escalation rules ({@link dev.rolegate.access.EscalationGuard})
 * and the role-graph invariant live here too. Depends on {@code change}, {@code check} (the
 * engine's view of an account), {@code admin}, {@code token}, {@code policy}, {@code engine} and
 * {@code platform}; the directory it assigns to is reached through
 * {@link dev.rolegate.access.Assignees}, which {@code directory} implements.
 */
package dev.rolegate.access;
