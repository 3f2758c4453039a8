package dev.rolegate.engine;

import java.util.Arrays;

/**
 * Assignments grouped by assignee, in {@link Chunk}s of {@value #CHUNK} consecutive assignees:
 * assignee {@code a} lives in chunk {@code a >>> CHUNK_BITS}, at local index
 * {@code a & (CHUNK - 1)}, and its rows are {@code offsets[local] .. offsets[local+1]-1} of that
 * chunk's parallel arrays (compressed rows, one block per chunk).
 *
 * <p>Why chunks: a snapshot is immutable, so a change to one assignee's rows makes a new table;
 * with one block over all the account's assignments (a million on the large benchmark account)
 * every such change copied all of them. Chunked, a patch copies the one chunk it changes and the
 * small chunk index, and shares every other chunk with the snapshot it came from (structural
 * sharing). Kept for explain, the fold and the patcher; checks never read it. Immutable once
 * built.
 */
final class AssignmentTable {

    static final int CHUNK_BITS = 10;
    /** Assignees per chunk. */
    static final int CHUNK = 1 << CHUNK_BITS;

    private static final AssignmentSource[] SOURCES = AssignmentSource.values();

    /** The rows of up to {@link #CHUNK} consecutive assignees. Immutable once built. */
    static final class Chunk {
        /** local assignee → its first row; one more entry than the chunk has assignees. */
        final int[] offsets;
        final int[] roles;
        final byte[] sources;
        final Validity[] validities;

        Chunk(int[] offsets, int[] roles, byte[] sources, Validity[] validities) {
            this.offsets = offsets;
            this.roles = roles;
            this.sources = sources;
            this.validities = validities;
        }

        /** How many assignees this chunk holds. */
        int assignees() {
            return offsets.length - 1;
        }
    }

    private final Chunk[] chunks;
    private final int assignees;

    AssignmentTable(Chunk[] chunks, int assignees) {
        this.chunks = chunks;
        this.assignees = assignees;
    }

    /**
     * Cuts flat compressed rows into chunks: assignee {@code a}'s rows are
     * {@code offsets[a] .. offsets[a+1]-1} of the parallel arrays.
     */
    static AssignmentTable of(int[] offsets, int[] roles, byte[] sources, Validity[] validities) {
        int count = offsets.length - 1;
        Chunk[] chunks = new Chunk[chunkCount(count)];
        for (int c = 0; c < chunks.length; c++) {
            int first = c << CHUNK_BITS;
            int last = Math.min(count, first + CHUNK);
            int from = offsets[first];
            int to = offsets[last];
            int[] local = new int[last - first + 1];
            for (int a = first; a <= last; a++) {
                local[a - first] = offsets[a] - from;
            }
            chunks[c] = new Chunk(local, Arrays.copyOfRange(roles, from, to), Arrays.copyOfRange(sources, from, to),
                    Arrays.copyOfRange(validities, from, to));
        }
        return new AssignmentTable(chunks, count);
    }

    /** How many chunks {@code count} assignees take. */
    static int chunkCount(int count) {
        return (count + CHUNK - 1) >>> CHUNK_BITS;
    }

    /** The number of assignees. */
    int assignees() {
        return assignees;
    }

    /** The chunk of assignee {@code a}; its rows are at {@link #local}{@code (a)} in it. */
    Chunk chunk(int a) {
        return chunks[a >>> CHUNK_BITS];
    }

    /** Chunk {@code c}, for walking the table chunk by chunk. */
    Chunk chunkAt(int c) {
        return chunks[c];
    }

    int chunkCount() {
        return chunks.length;
    }

    /** Assignee {@code a}'s index inside its chunk. */
    static int local(int a) {
        return a & (CHUNK - 1);
    }

    /** How many rows assignee {@code a} has. */
    int rowCount(int a) {
        Chunk c = chunk(a);
        int l = local(a);
        return c.offsets[l + 1] - c.offsets[l];
    }

    /** A table sharing this one's chunks except those {@code replaced} names (null entries keep this one's). */
    AssignmentTable with(Chunk[] replaced) {
        Chunk[] next = chunks.clone();
        for (int c = 0; c < next.length; c++) {
            if (replaced[c] != null) {
                next[c] = replaced[c];
            }
        }
        return new AssignmentTable(next, assignees);
    }

    /** True when the two tables share chunk {@code c} (the same object). */
    boolean sharesChunk(AssignmentTable other, int c) {
        return c < chunks.length && c < other.chunks.length && chunks[c] == other.chunks[c];
    }

    /** The wire name of the source stored as {@code ordinal}. */
    static String sourceName(byte ordinal) {
        return SOURCES[ordinal].wireName();
    }
}
