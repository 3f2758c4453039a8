package dev.rolegate.engine;

import java.util.List;
import java.util.Objects;

/**
 * "Every path of an access" (issue 13 item 3): the permissions a user holds at one instant and,
 * for each, every path that brings it, so that a permission that comes two ways shows both, and
 * the operations those permissions allow. Built by {@link Snapshot#accessPaths}.
 *
 * <p>A path reads {@code user → (group →) role → inherited role… → permission}: one in-force
 * assignment (the user's own, or one of a group the user is a member of) and one chain of
 * inheritance steps down to a role whose own grants cover the permission. Two assignments of
 * the same role from two sources are two paths. Paths come in walk order: the user's own
 * assignments (by role name, then source in {@link AssignmentSource} order) before groups (by
 * id), each assignment's role before the roles it inherits (depth first, by name).
 *
 * @param permissions the permissions held, sorted by name; equal to
 *                    {@link Snapshot#effectiveAccess}'s permissions
 * @param operations  the operations allowed, sorted; equal to {@link Snapshot#effectiveAccess}'s
 * @param truncated   true when the walk stopped at {@link Snapshot#MAX_PATH_STEPS} steps: some
 *                    paths (never a permission) may then be missing
 */
public record AccessPaths(List<Held> permissions, List<String> operations, boolean truncated) {

    public AccessPaths {
        permissions = List.copyOf(permissions);
        operations = List.copyOf(operations);
    }

    /**
     * One held permission and the paths to it.
     *
     * @param permission the permission name
     * @param paths      every path in force, at most {@link Snapshot#MAX_PATHS_PER_PERMISSION}
     * @param truncated  true when more paths exist than {@code paths} lists
     */
    public record Held(String permission, List<Path> paths, boolean truncated) {
        public Held {
            Objects.requireNonNull(permission, "permission");
            paths = List.copyOf(paths);
        }
    }

    /**
     * One path: its steps ({@link Explanation.Step}s, as {@link Snapshot#explain} has them: the
     * first role step carries the assignment's source) and the validity of its assignment.
     *
     * @param steps    user, optional group, role, inherited roles, permission
     * @param validity when the path's assignment is in force
     */
    public record Path(List<Explanation.Step> steps, Validity validity) {
        public Path {
            steps = List.copyOf(steps);
            Objects.requireNonNull(validity, "validity");
        }
    }
}
