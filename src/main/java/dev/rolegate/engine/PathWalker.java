package dev.rolegate.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Enumerates every path from one user to the permissions the roles on it grant: each assignment
 * the filter admits (the user's own, then each group's), then every chain of inheritance below
 * it, depth first. A role DAG can have exponentially many chains, so the walk is bounded: at most
 * {@code perPermission} paths are kept per permission and the walk stops after {@code maxSteps}
 * role visits. Off the hot path; one instance per walk, not thread safe.
 */
final class PathWalker {

    private final Snapshot snapshot;
    private final SubjectTable subjects;
    private final RoleTable roles;
    private final int perPermission;
    private final int maxSteps;
    private final List<List<AccessPaths.Path>> found;
    private final boolean[] cut;
    private int steps;
    private boolean stopped;

    PathWalker(Snapshot snapshot, int perPermission, int maxSteps) {
        this.snapshot = snapshot;
        this.subjects = snapshot.subjects;
        this.roles = snapshot.roles;
        this.perPermission = perPermission;
        this.maxSteps = maxSteps;
        int permissions = snapshot.catalog.permissions.size();
        this.found = new ArrayList<>(permissions);
        for (int p = 0; p < permissions; p++) {
            found.add(new ArrayList<>(1));
        }
        this.cut = new boolean[permissions];
    }

    /** Walks the paths of {@code user} through the assignments whose validity {@code admit} accepts. */
    PathWalker walk(int user, Predicate<Validity> admit) {
        String userName = subjects.users.name(user);
        List<Explanation.Step> prefix = new ArrayList<>();
        prefix.add(step(Explanation.Kind.USER, userName));
        assigned(subjects.userAssignments, user, prefix, admit);
        int[] groups = Arrays.copyOfRange(subjects.memberGroups, subjects.memberOffsets[user], subjects.memberOffsets[user + 1]);
        Arrays.sort(groups);
        for (int group : groups) {
            prefix.add(step(Explanation.Kind.GROUP, subjects.groups.name(group)));
            assigned(subjects.groupAssignments, group, prefix, admit);
            prefix.remove(prefix.size() - 1);
        }
        return this;
    }

    /** The paths found to {@code permission}, in walk order. */
    List<AccessPaths.Path> paths(int permission) {
        return found.get(permission);
    }

    /** True when paths to {@code permission} were left out (the per-permission cap, or the walk stopped). */
    boolean truncated(int permission) {
        return cut[permission] || stopped;
    }

    /** True when the walk stopped at {@code maxSteps}. */
    boolean stopped() {
        return stopped;
    }

    private void assigned(AssignmentTable table, int assignee, List<Explanation.Step> prefix, Predicate<Validity> admit) {
        AssignmentTable.Chunk rows = table.chunk(assignee);
        int local = AssignmentTable.local(assignee);
        Integer[] order = new Integer[rows.offsets[local + 1] - rows.offsets[local]];
        for (int i = 0; i < order.length; i++) {
            order[i] = rows.offsets[local] + i;
        }
        // by role (index order is name order), then source
        Arrays.sort(order, (a, b) -> rows.roles[a] != rows.roles[b]
                ? Integer.compare(rows.roles[a], rows.roles[b]) : Byte.compare(rows.sources[a], rows.sources[b]));
        for (int row : order) {
            Validity validity = rows.validities[row];
            if (!admit.test(validity)) {
                continue;
            }
            int role = rows.roles[row];
            prefix.add(new Explanation.Step(Explanation.Kind.ROLE, roles.roles.name(role),
                    AssignmentTable.sourceName(rows.sources[row])));
            descend(role, prefix, validity);
            prefix.remove(prefix.size() - 1);
        }
    }

    private void descend(int role, List<Explanation.Step> prefix, Validity validity) {
        if (stopped) {
            return;
        }
        if (++steps > maxSteps) {
            stopped = true;
            return;
        }
        long[] grants = roles.grants[role];
        for (int p = Bits.next(grants, 0); p >= 0; p = Bits.next(grants, p + 1)) {
            List<AccessPaths.Path> list = found.get(p);
            if (list.size() == perPermission) {
                cut[p] = true;
                continue;
            }
            List<Explanation.Step> steps = new ArrayList<>(prefix.size() + 1);
            steps.addAll(prefix);
            steps.add(step(Explanation.Kind.PERMISSION, snapshot.catalog.permissions.name(p)));
            list.add(new AccessPaths.Path(steps, validity));
        }
        for (int inherited : roles.inherits[role]) {
            prefix.add(step(Explanation.Kind.INHERITED_ROLE, roles.roles.name(inherited)));
            descend(inherited, prefix, validity);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static Explanation.Step step(Explanation.Kind kind, String name) {
        return new Explanation.Step(kind, name, "");
    }
}
