package dev.rolegate.engine;

import java.util.Arrays;
import java.util.Collection;

/**
 * Interns a set of names to the ints {@code 0 .. size-1}, assigned in {@link String#compareTo}
 * order, so that iterating indices upwards lists names sorted (the order every list the engine
 * returns is in).
 *
 * <p>Lookups go through an open-addressing table (linear probing, load factor at most 1/2)
 * that keeps each slot's hash code beside it, so a probe compares strings only when the hashes
 * agree: usually one {@code equals} per hit, none per miss, no boxing, no allocation. Immutable
 * once built.
 */
final class NameIndex {

    private final String[] names;
    private final String[] slots;
    private final int[] slotHash;
    private final int[] slotIndex;
    private final int shift;

    private NameIndex(String[] sortedDistinct) {
        this.names = sortedDistinct;
        int bits = 1;
        while ((1 << bits) < sortedDistinct.length * 2) {
            bits++;
        }
        this.slots = new String[1 << bits];
        this.slotHash = new int[1 << bits];
        this.slotIndex = new int[1 << bits];
        this.shift = 32 - bits;
        int mask = slots.length - 1;
        for (int i = 0; i < sortedDistinct.length; i++) {
            int s = slot(sortedDistinct[i]);
            while (slots[s] != null) {
                s = (s + 1) & mask;
            }
            slots[s] = sortedDistinct[i];
            slotHash[s] = sortedDistinct[i].hashCode();
            slotIndex[s] = i;
        }
    }

    /** Builds an index over the distinct names, sorted. */
    static NameIndex of(Collection<String> names) {
        String[] sorted = names.toArray(new String[0]);
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || !sorted[n - 1].equals(sorted[i])) {
                sorted[n++] = sorted[i];
            }
        }
        return new NameIndex(n == sorted.length ? sorted : Arrays.copyOf(sorted, n));
    }

    private int slot(String name) {
        // Fibonacci hashing spreads String.hashCode's weak low bits over the table
        return (name.hashCode() * 0x9E3779B9) >>> shift;
    }

    /** The index of {@code name}, or -1 when absent. */
    int indexOf(String name) {
        int mask = slots.length - 1;
        int hash = name.hashCode();
        int s = (hash * 0x9E3779B9) >>> shift;
        while (true) {
            String candidate = slots[s];
            if (candidate == null) {
                return -1;
            }
            if (slotHash[s] == hash && candidate.equals(name)) {
                return slotIndex[s];
            }
            s = (s + 1) & mask;
        }
    }

    String name(int index) {
        return names[index];
    }

    int size() {
        return names.length;
    }

    /** The first index whose name is {@code >= prefix}: where names starting with it begin. */
    int lowerBound(String prefix) {
        int i = Arrays.binarySearch(names, prefix);
        return i >= 0 ? i : -i - 1;
    }
}
