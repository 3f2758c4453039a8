package dev.rolegate.engine;

/**
 * Fixed-size bitsets as bare {@code long[]}: bit {@code i} lives in word {@code i >>> 6}.
 * Static helpers only, so the hot path reads arrays and allocates nothing (java.util.BitSet
 * would add an object, bounds bookkeeping and a copy for every OR).
 */
final class Bits {

    private Bits() {
    }

    /** A cleared bitset able to hold bits {@code 0 .. size-1}. */
    static long[] create(int size) {
        return new long[(size + 63) >>> 6];
    }

    static boolean get(long[] bits, int index) {
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    /** Sets bits {@code from .. to-1}. */
    static void setRange(long[] bits, int from, int to) {
        for (int i = from; i < to; i++) {
            set(bits, i);
        }
    }

    /** {@code into |= from}; both of the same length. */
    static void or(long[] into, long[] from) {
        for (int w = 0; w < into.length; w++) {
            into[w] |= from[w];
        }
    }

    /** The first set bit at or after {@code from}, or -1. */
    static int next(long[] bits, int from) {
        int w = from >>> 6;
        if (w >= bits.length) {
            return -1;
        }
        long word = bits[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == bits.length) {
                return -1;
            }
            word = bits[w];
        }
    }

    static int cardinality(long[] bits) {
        int n = 0;
        for (long word : bits) {
            n += Long.bitCount(word);
        }
        return n;
    }
}
