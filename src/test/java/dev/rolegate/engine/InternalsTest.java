package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small pieces everything rests on: wildcard matching, name interning, bitsets. */
class InternalsTest {

    @Test
    void grantCoversIsExactPrefixOrEverything() {
        assertTrue(Names.grantCovers("report.view", "report.view"));
        assertFalse(Names.grantCovers("report.view", "report.viewer"));
        assertFalse(Names.grantCovers("report.view", "Report.View"));
        assertTrue(Names.grantCovers("report.*", "report.view"));
        assertTrue(Names.grantCovers("report.*", "report.admin.purge"));
        assertFalse(Names.grantCovers("report.*", "reporting.x"));
        assertFalse(Names.grantCovers("report.*", "report"));
        assertTrue(Names.grantCovers("report.admin.*", "report.admin.purge"));
        assertFalse(Names.grantCovers("report.admin.*", "report.view"));
        assertTrue(Names.grantCovers("*", "anything.at.all"));
        assertFalse(Names.isGrant("report*"));
        assertFalse(Names.isGrant("*.view"));
        assertFalse(Names.isGrant("report.**"));
        assertTrue(Names.isGrant("report.*"));
    }

    @Test
    void nameIndexAssignsSortedIndicesAndFindsEveryName() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            names.add("user" + i + "@example.test");
        }
        names.add("Aa"); // "Aa" and "BB" share a String.hashCode
        names.add("BB");
        NameIndex index = NameIndex.of(names);
        assertEquals(names.size(), index.size());
        for (String name : names) {
            assertEquals(name, index.name(index.indexOf(name)));
        }
        for (int i = 1; i < index.size(); i++) {
            assertTrue(index.name(i - 1).compareTo(index.name(i)) < 0);
        }
        assertEquals(-1, index.indexOf("user5000@example.test"));
        assertEquals(-1, index.indexOf(""));
        assertEquals(-1, NameIndex.of(Set.of()).indexOf("x"));
    }

    @Test
    void lowerBoundFindsWhereAPrefixRunStarts() {
        NameIndex index = NameIndex.of(List.of("admin.x", "report", "report.a", "report.z", "reporting.x"));
        assertEquals(2, index.lowerBound("report."));
        assertEquals(0, index.lowerBound("a"));
        assertEquals(5, index.lowerBound("zzz"));
    }

    @Test
    void bitsSetGetAndIterate() {
        long[] bits = Bits.create(200);
        assertEquals(4, bits.length);
        for (int i : new int[] {0, 63, 64, 130, 199}) {
            Bits.set(bits, i);
        }
        assertTrue(Bits.get(bits, 130));
        assertFalse(Bits.get(bits, 131));
        List<Integer> seen = new ArrayList<>();
        for (int i = Bits.next(bits, 0); i >= 0; i = Bits.next(bits, i + 1)) {
            seen.add(i);
        }
        assertEquals(List.of(0, 63, 64, 130, 199), seen);
        assertEquals(5, Bits.cardinality(bits));
        assertEquals(-1, Bits.next(bits, 200));
        long[] all = Bits.create(70);
        Bits.setRange(all, 0, 70);
        assertEquals(70, Bits.cardinality(all));
    }
}
