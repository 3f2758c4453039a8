package dev.rolegate.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds one user's assignments, direct and through groups, into the set of roles it holds
 * without time bounds and the list of its time-bounded grants: the step of compiling a user,
 * shared by {@link SnapshotCompiler} (every user) and {@link SnapshotPatcher} (the users a
 * change touches). One shared {@link TimedGrant} per time-bounded group assignment, made on first
 * use. Scratch state reused between users: not thread safe, one instance per compile or patch.
 */
final class SubjectFolder {

    private final long[][] closed;
    private final AssignmentTable userAssignments;
    private final AssignmentTable groupAssignments;
    private final int[] memberOffsets;
    private final int[] memberGroups;
    /** group → its rows' shared time-bounded grants (by row within the group), made on first use. */
    private final TimedGrant[][] groupTimed;
    private final int[] mark;
    private int stamp;
    /** The roles of the last {@link #fold}, ascending, in {@code roleSet[0 .. size-1]}. */
    final int[] roleSet;
    /** The time-bounded grants of the last {@link #fold}. */
    final List<TimedGrant> timed = new ArrayList<>();

    SubjectFolder(long[][] closed, AssignmentTable userAssignments, AssignmentTable groupAssignments,
            int[] memberOffsets, int[] memberGroups) {
        this.closed = closed;
        this.userAssignments = userAssignments;
        this.groupAssignments = groupAssignments;
        this.memberOffsets = memberOffsets;
        this.memberGroups = memberGroups;
        this.groupTimed = new TimedGrant[groupAssignments.assignees()][];
        this.mark = new int[closed.length];
        this.roleSet = new int[closed.length];
    }

    /**
     * Folds user {@code u}: afterwards {@link #roleSet} holds its unbounded roles, ascending,
     * and {@link #timed} its time-bounded grants.
     *
     * @return how many unbounded roles
     */
    int fold(int u) {
        int s = ++stamp;
        int size = 0;
        timed.clear();
        AssignmentTable.Chunk own = userAssignments.chunk(u);
        int ownLocal = AssignmentTable.local(u);
        for (int i = own.offsets[ownLocal]; i < own.offsets[ownLocal + 1]; i++) {
            int r = own.roles[i];
            if (!own.validities[i].isAlways()) {
                timed.add(new TimedGrant(own.validities[i], closed[r]));
            } else if (mark[r] != s) {
                mark[r] = s;
                roleSet[size++] = r;
            }
        }
        for (int m = memberOffsets[u]; m < memberOffsets[u + 1]; m++) {
            int g = memberGroups[m];
            AssignmentTable.Chunk chunk = groupAssignments.chunk(g);
            int local = AssignmentTable.local(g);
            int first = chunk.offsets[local];
            for (int i = first; i < chunk.offsets[local + 1]; i++) {
                int r = chunk.roles[i];
                if (!chunk.validities[i].isAlways()) {
                    TimedGrant[] grants = groupTimed[g];
                    if (grants == null) {
                        grants = new TimedGrant[chunk.offsets[local + 1] - first];
                        groupTimed[g] = grants;
                    }
                    TimedGrant grant = grants[i - first];
                    if (grant == null) {
                        grant = new TimedGrant(chunk.validities[i], closed[r]);
                        grants[i - first] = grant;
                    }
                    timed.add(grant);
                } else if (mark[r] != s) {
                    mark[r] = s;
                    roleSet[size++] = r;
                }
            }
        }
        Arrays.sort(roleSet, 0, size);
        return size;
    }
}
