package dev.rolegate.engine;

import java.util.Arrays;

/** A growable list of ints without boxing, for the compiler. Not thread safe. */
final class IntList {

    private int[] values = new int[4];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    int last() {
        return values[size - 1];
    }

    /** The values, sorted ascending, duplicates removed. */
    int[] toSortedDistinctArray() {
        int[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[n - 1] != sorted[i]) {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }
}
