package dev.rolegate.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The search behind {@link Snapshot#fixes}: iterative deepening over sets of candidate roles,
 * size 1, 2, … up to {@code maxRoles}, stopping at the first size that has an acceptable set.
 * Each level branches only on the candidates that carry the lowest required permission still
 * missing, so every smallest covering set is reached (each of its roles is, in turn, the one
 * that covers the first gap the others leave) and nothing else is tried. Sets rejected by the
 * caller's predicate are not extended: the predicate (no escalation) is monotone, what a set
 * breaks every superset breaks too. Bounded by {@link Snapshot#MAX_FIX_NODES} visited nodes.
 */
final class FixSearch {

    private final Snapshot snapshot;
    private final int[] missing;
    private final int[] candidates;
    private final Predicate<List<String>> acceptable;
    private final int maxResults;
    private final Set<List<Integer>> found = new LinkedHashSet<>();
    private int nodes;
    private boolean cut;

    private FixSearch(Snapshot snapshot, int[] missing, int[] candidates,
            Predicate<List<String>> acceptable, int maxResults) {
        this.snapshot = snapshot;
        this.missing = missing;
        this.candidates = candidates;
        this.acceptable = acceptable;
        this.maxResults = maxResults;
    }

    static Fixes run(Snapshot snapshot, int[] missing, long[] held, int[] candidates,
            Predicate<List<String>> acceptable, int maxRoles, int maxResults) {
        FixSearch search = new FixSearch(snapshot, missing, candidates, acceptable, maxResults);
        for (int size = 1; size <= maxRoles && search.found.isEmpty() && !search.cut; size++) {
            search.extend(new ArrayList<>(), held.clone(), size);
        }
        return search.result();
    }

    /** Tries every way to fill {@code slots} more roles after {@code chosen}, whose union is {@code have}. */
    private void extend(List<Integer> chosen, long[] have, int slots) {
        if (cut) {
            return;
        }
        if (++nodes > Snapshot.MAX_FIX_NODES) {
            cut = true;
            return;
        }
        int gap = firstGap(have);
        if (gap < 0) {
            if (slots == 0) {
                List<Integer> key = chosen.stream().sorted().toList();
                if (!found.contains(key) && acceptable.test(names(key))) {
                    found.add(key);
                    // reaching maxResults ends the search; whether more exist is then unknown
                    cut = found.size() >= maxResults;
                }
            }
            return; // covered with fewer roles: a smaller size finds it (or found it unacceptable)
        }
        if (slots == 0) {
            return;
        }
        for (int role : candidates) {
            if (!Bits.get(snapshot.roles.closed[role], gap) || chosen.contains(role)) {
                continue;
            }
            long[] next = have.clone();
            Bits.or(next, snapshot.roles.closed[role]);
            chosen.add(role);
            extend(chosen, next, slots - 1);
            chosen.remove(chosen.size() - 1);
            if (cut) {
                return;
            }
        }
    }

    private int firstGap(long[] have) {
        for (int p : missing) {
            if (!Bits.get(have, p)) {
                return p;
            }
        }
        return -1;
    }

    private List<String> names(List<Integer> roles) {
        return roles.stream().map(snapshot.roles.roles::name).toList();
    }

    private Fixes result() {
        List<List<String>> sets = new ArrayList<>();
        found.forEach(key -> sets.add(names(key)));
        sets.sort(Comparator.comparing((List<String> s) -> String.join("\u0000", s)));
        return new Fixes(sets.size() > maxResults ? sets.subList(0, maxResults) : sets, !cut);
    }
}
