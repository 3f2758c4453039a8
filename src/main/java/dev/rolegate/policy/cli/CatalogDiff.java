package dev.rolegate.policy.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares two {@link Catalog}s, a template's and an account's: the changes that turn the
 * template's into the account's. Deterministic: permissions before roles, each by name; per
 * name its description, then its lists in a fixed order; list items sorted (their order in the
 * files means nothing). Stateless.
 */
final class CatalogDiff {

    static final String PERMISSION = "permission";
    static final String ROLE = "role";

    private CatalogDiff() {
    }

    /**
     * The changes from {@code template} to {@code account}; empty when they are equal.
     *
     * @param descriptions whether differing descriptions count
     */
    static List<CatalogChange> compare(Catalog template, Catalog account, boolean descriptions) {
        List<CatalogChange> changes = new ArrayList<>();
        compare(PERMISSION, template.permissions(), account.permissions(), descriptions, changes,
                Catalog.Permission::description, Catalog.Permission::lists);
        compare(ROLE, template.roles(), account.roles(), descriptions, changes,
                Catalog.Role::description, Catalog.Role::lists);
        return changes;
    }

    private static <T> void compare(String kind, SortedMap<String, T> template, SortedMap<String, T> account,
            boolean descriptions, List<CatalogChange> changes, Function<T, String> description,
            Function<T, Map<String, SortedSet<String>>> lists) {
        SortedSet<String> names = new TreeSet<>(template.keySet());
        names.addAll(account.keySet());
        for (String name : names) {
            T before = template.get(name);
            T after = account.get(name);
            if (before == null || after == null) {
                changes.add(new CatalogChange.Presence(kind, name, before == null, lists.apply(before == null ? after : before)));
                continue;
            }
            if (descriptions && !description.apply(before).equals(description.apply(after))) {
                changes.add(new CatalogChange.Description(kind, name, description.apply(before), description.apply(after)));
            }
            Map<String, SortedSet<String>> beforeLists = lists.apply(before);
            Map<String, SortedSet<String>> afterLists = lists.apply(after);
            beforeLists.forEach((field, items) -> {
                SortedSet<String> added = new TreeSet<>(afterLists.get(field));
                added.removeAll(items);
                SortedSet<String> removed = new TreeSet<>(items);
                removed.removeAll(afterLists.get(field));
                if (!added.isEmpty() || !removed.isEmpty()) {
                    changes.add(new CatalogChange.Items(kind, name, field, added, removed));
                }
            });
        }
    }

    /** Per kind, how many names were added, removed and changed (a name counts once however it changed). */
    static Map<String, Map<String, Long>> summary(List<CatalogChange> changes) {
        Map<String, Map<String, Long>> summary = new LinkedHashMap<>();
        for (String kind : List.of(PERMISSION, ROLE)) {
            List<CatalogChange> ofKind = changes.stream().filter(c -> c.kind().equals(kind)).toList();
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("added", ofKind.stream().filter(c -> c instanceof CatalogChange.Presence p && p.added()).count());
            counts.put("removed", ofKind.stream().filter(c -> c instanceof CatalogChange.Presence p && !p.added()).count());
            counts.put("changed", ofKind.stream().filter(c -> !(c instanceof CatalogChange.Presence))
                    .map(CatalogChange::name).distinct().count());
            summary.put(kind + "s", counts);
        }
        return summary;
    }
}
