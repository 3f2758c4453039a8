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
    /** group assignment row → its shared time-bounded grant, made on first use. */
    private final TimedGrant[] groupTimed;
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
        this.groupTimed = new TimedGrant[groupAssignments.roles.length];
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
        for (int i = userAssignments.offsets[u]; i < userAssignments.offsets[u + 1]; i++) {
            int r = userAssignments.roles[i];
            if (!userAssignments.validities[i].isAlways()) {
                timed.add(new TimedGrant(userAssignments.validities[i], closed[r]));
            } else if (mark[r] != s) {
                mark[r] = s;
                roleSet[size++] = r;
            }
        }
        for (int m = memberOffsets[u]; m < memberOffsets[u + 1]; m++) {
            int g = memberGroups[m];
            for (int i = groupAssignments.offsets[g]; i < groupAssignments.offsets[g + 1]; i++) {
                int r = groupAssignments.roles[i];
                if (!groupAssignments.validities[i].isAlways()) {
                    TimedGrant grant = groupTimed[i];
                    if (grant == null) {
                        grant = new TimedGrant(groupAssignments.validities[i], closed[r]);
                        groupTimed[i] = grant;
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
