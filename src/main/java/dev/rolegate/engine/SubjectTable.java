package dev.rolegate.engine;

/**
 * The compiled users and groups. Users are interned to ints sorted by id; each user's
 * permissions from assignments without time bounds (direct and through groups, inheritance
 * closed) are one bitset shared by every user with the same permissions, and the assignments
 * with time bounds stay as a short {@link TimedGrant} list evaluated at check time. Groups and
 * the raw assignments are kept for explain only. Immutable.
 */
final class SubjectTable {

    final NameIndex users;
    final boolean[] active;
    /** user → index into {@link #distinctBits}. */
    final int[] bitsId;
    /** the distinct unbounded permission bitsets; index 0 is the empty set. */
    final long[][] distinctBits;
    /** user → time-bounded grants; a shared empty array for most users. */
    final TimedGrant[][] timed;
    final NameIndex groups;
    /** user → groups, compressed rows: groups of user u at {@code memberOffsets[u] .. [u+1]-1}. */
    final int[] memberOffsets;
    final int[] memberGroups;
    final AssignmentTable userAssignments;
    final AssignmentTable groupAssignments;
    /**
     * True when some group of the model listed a member that names no user (ignored here, but
     * a member as soon as such a user is created): a patch cannot create users then.
     */
    final boolean danglingMembers;

    SubjectTable(NameIndex users, boolean[] active, int[] bitsId, long[][] distinctBits,
            TimedGrant[][] timed, NameIndex groups, int[] memberOffsets, int[] memberGroups,
            AssignmentTable userAssignments, AssignmentTable groupAssignments, boolean danglingMembers) {
        this.users = users;
        this.active = active;
        this.bitsId = bitsId;
        this.distinctBits = distinctBits;
        this.timed = timed;
        this.groups = groups;
        this.memberOffsets = memberOffsets;
        this.memberGroups = memberGroups;
        this.userAssignments = userAssignments;
        this.groupAssignments = groupAssignments;
        this.danglingMembers = danglingMembers;
    }
}
