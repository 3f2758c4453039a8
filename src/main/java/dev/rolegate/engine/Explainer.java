package dev.rolegate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Finds, for one user at one instant, a shortest path to each held permission: a breadth-first
 * walk over the user's in-force assignments, group memberships and role inheritance. Off the
 * hot path: allocates freely, one instance per explanation.
 *
 * <p>Nodes are numbered {@code 0} for the user, {@code 1 .. groups} for groups and
 * {@code groups+1 ..} for roles. Neighbours are visited in ascending index order (so by name),
 * direct roles before groups, which makes the chosen path deterministic.
 */
final class Explainer {

    private static final int UNSEEN = -1;

    private final Snapshot snapshot;
    private final SubjectTable subjects;
    private final RoleTable roles;
    private final int roleBase;

    Explainer(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.subjects = snapshot.subjects;
        this.roles = snapshot.roles;
        this.roleBase = 1 + subjects.groups.size();
    }

    /**
     * One path per required permission the active {@code user} holds at {@code now}, in the
     * order of {@code required}.
     */
    List<Explanation.Path> paths(int user, Target target, int[] required, Instant now) {
        int nodes = roleBase + roles.roles.size();
        int[] parent = new int[nodes];
        Arrays.fill(parent, UNSEEN);
        byte[] source = new byte[roles.roles.size()]; // for roles reached by an assignment
        int[] queue = new int[nodes];
        int tail = 0;
        queue[tail++] = 0;
        parent[0] = 0;

        // the user's own edges: direct roles first, then groups
        AssignmentTable direct = subjects.userAssignments;
        tail = enqueueAssigned(direct, user, 0, now, parent, source, queue, tail);
        int firstGroup = tail;
        for (int i = subjects.memberOffsets[user]; i < subjects.memberOffsets[user + 1]; i++) {
            int node = 1 + subjects.memberGroups[i];
            if (parent[node] == UNSEEN) {
                parent[node] = 0;
                queue[tail++] = node;
            }
        }
        Arrays.sort(queue, firstGroup, tail); // membership order → name order

        for (int head = 1; head < tail; head++) {
            int node = queue[head];
            if (node < roleBase) {
                tail = enqueueAssigned(subjects.groupAssignments, node - 1, node, now, parent, source, queue, tail);
            } else {
                for (int inherited : roles.inherits[node - roleBase]) {
                    int next = roleBase + inherited;
                    if (parent[next] == UNSEEN) {
                        parent[next] = node;
                        queue[tail++] = next;
                    }
                }
            }
        }

        List<Explanation.Path> paths = new ArrayList<>();
        for (int permission : required) {
            for (int head = 1; head < tail; head++) {
                int node = queue[head];
                if (node >= roleBase && Bits.get(roles.grants[node - roleBase], permission)) {
                    paths.add(path(user, node, parent, source, permission, target));
                    break;
                }
            }
        }
        return paths;
    }

    /**
     * Enqueues the roles assigned to {@code assignee} that are in force at {@code now}, ascending;
     * for a role assigned more than once, the first source in {@link AssignmentSource} order.
     */
    private int enqueueAssigned(AssignmentTable table, int assignee, int fromNode, Instant now,
            int[] parent, byte[] source, int[] queue, int tail) {
        int start = tail;
        AssignmentTable.Chunk rows = table.chunk(assignee);
        int local = AssignmentTable.local(assignee);
        for (int i = rows.offsets[local]; i < rows.offsets[local + 1]; i++) {
            if (!rows.validities[i].covers(now)) {
                continue;
            }
            int role = rows.roles[i];
            int node = roleBase + role;
            if (parent[node] == UNSEEN) {
                parent[node] = fromNode;
                source[role] = rows.sources[i];
                queue[tail++] = node;
            } else if (parent[node] == fromNode && rows.sources[i] < source[role]) {
                // assigned again by this same assignee: each node is expanded once, so the
                // role was enqueued by this call
                source[role] = rows.sources[i];
            }
        }
        Arrays.sort(queue, start, tail);
        return tail;
    }

    private Explanation.Path path(int user, int roleNode, int[] parent, byte[] source, int permission,
            Target target) {
        List<Explanation.Step> reversed = new ArrayList<>();
        if (target instanceof Target.Operation) {
            reversed.add(step(Explanation.Kind.OPERATION, target.name()));
        }
        reversed.add(step(Explanation.Kind.PERMISSION, snapshot.catalog.permissions.name(permission)));
        int node = roleNode;
        while (node != 0) {
            int up = parent[node];
            if (node >= roleBase) {
                int role = node - roleBase;
                String name = roles.roles.name(role);
                if (up >= roleBase) {
                    reversed.add(step(Explanation.Kind.INHERITED_ROLE, name));
                } else {
                    reversed.add(new Explanation.Step(Explanation.Kind.ROLE, name,
                            AssignmentTable.sourceName(source[role])));
                }
            } else {
                reversed.add(step(Explanation.Kind.GROUP, subjects.groups.name(node - 1)));
            }
            node = up;
        }
        reversed.add(step(Explanation.Kind.USER, subjects.users.name(user)));
        Collections.reverse(reversed);
        return new Explanation.Path(reversed);
    }

    private static Explanation.Step step(Explanation.Kind kind, String name) {
        return new Explanation.Step(kind, name, "");
    }
}
