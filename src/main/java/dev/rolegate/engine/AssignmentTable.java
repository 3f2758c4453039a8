package dev.rolegate.engine;

/**
 * Assignments grouped by assignee in compressed-row form: those of assignee {@code a} sit at
 * positions {@code offsets[a] .. offsets[a+1]-1} of the parallel arrays. Kept for explain, which
 * must name the assignment's source; checks never read it. Immutable once built.
 */
final class AssignmentTable {

    private static final AssignmentSource[] SOURCES = AssignmentSource.values();

    final int[] offsets;
    final int[] roles;
    final byte[] sources;
    final Validity[] validities;

    AssignmentTable(int[] offsets, int[] roles, byte[] sources, Validity[] validities) {
        this.offsets = offsets;
        this.roles = roles;
        this.sources = sources;
        this.validities = validities;
    }

    /** The wire name of the source stored as {@code ordinal}. */
    static String sourceName(byte ordinal) {
        return SOURCES[ordinal].wireName();
    }
}
