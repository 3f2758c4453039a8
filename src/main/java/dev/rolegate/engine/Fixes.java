package dev.rolegate.engine;

import java.util.List;

/**
 * What {@link Snapshot#fixes} found: the smallest sets of roles that, assigned to the subject
 * (unbounded, now), would allow the target.
 *
 * @param sets     each a set of role names, sorted; all of the same, smallest size; sorted by
 *                 their names; at most the {@code maxResults} asked for
 * @param complete false when the search stopped at {@link Snapshot#MAX_FIX_NODES} nodes or at
 *                 {@code maxResults}: other sets of that size (or, when {@code sets} is empty, a
 *                 set within {@code maxRoles}) may exist
 */
public record Fixes(List<List<String>> sets, boolean complete) {

    public static final Fixes NONE = new Fixes(List.of(), true);

    public Fixes {
        sets = sets.stream().map(List::copyOf).toList();
    }
}
