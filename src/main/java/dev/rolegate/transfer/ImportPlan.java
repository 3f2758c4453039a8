package dev.rolegate.transfer;

import dev.rolegate.transfer.api.AccountExport;
import dev.rolegate.transfer.api.ImportResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an import changes: the difference, per kind, between the account as it is and the
 * document (both in the normalized, sorted form of {@link AccountExport}). Pure; thread-safe.
 *
 * @param permissions the account's own permissions, by name
 * @param roles       roles, by name
 * @param users       users, by id
 * @param groups      groups by id, compared without their members
 * @param memberships (group, user) pairs
 * @param assignments assignments, by (user or group, assignee, role, source)
 */
record ImportPlan(Diff<AccountExport.Permission> permissions, Diff<AccountExport.Role> roles,
                  Diff<AccountExport.User> users, Diff<AccountExport.Group> groups,
                  Diff<Membership> memberships, Diff<AccountExport.Assignment> assignments) {

    /** One membership of a user in a group. */
    record Membership(String group, String user) {
    }

    /** One created, updated or removed item: {@code before} is null when created, {@code after} when removed. */
    record Change<V>(String key, V before, V after) {
    }

    /** The changes of one kind, each list in key order. */
    record Diff<V>(List<Change<V>> created, List<Change<V>> updated, List<Change<V>> removed, int unchanged) {

        /** The difference from {@code before} to {@code after}, both keyed and in key order. */
        static <V> Diff<V> of(Map<String, V> before, Map<String, V> after) {
            List<Change<V>> created = new ArrayList<>();
            List<Change<V>> updated = new ArrayList<>();
            List<Change<V>> removed = new ArrayList<>();
            int unchanged = 0;
            for (Map.Entry<String, V> e : after.entrySet()) {
                V old = before.get(e.getKey());
                if (old == null) {
                    created.add(new Change<>(e.getKey(), null, e.getValue()));
                } else if (!Objects.equals(old, e.getValue())) {
                    updated.add(new Change<>(e.getKey(), old, e.getValue()));
                } else {
                    unchanged++;
                }
            }
            for (Map.Entry<String, V> e : before.entrySet()) {
                if (!after.containsKey(e.getKey())) {
                    removed.add(new Change<>(e.getKey(), e.getValue(), null));
                }
            }
            return new Diff<>(List.copyOf(created), List.copyOf(updated), List.copyOf(removed), unchanged);
        }

        ImportResponse.Counts counts() {
            return new ImportResponse.Counts(created.size(), updated.size(), removed.size(), unchanged);
        }

        /** The values written by the import: created and updated. */
        List<V> written() {
            List<V> values = new ArrayList<>(created.size() + updated.size());
            created.forEach(c -> values.add(c.after()));
            updated.forEach(c -> values.add(c.after()));
            return values;
        }
    }

    /** The plan that turns {@code current} into {@code target}. */
    static ImportPlan between(AccountExport current, AccountExport target) {
        return new ImportPlan(
                Diff.of(current.catalog().permissions(), target.catalog().permissions()),
                Diff.of(current.catalog().roles(), target.catalog().roles()),
                Diff.of(byKey(current.users(), AccountExport.User::id), byKey(target.users(), AccountExport.User::id)),
                Diff.of(byKey(withoutMembers(current.groups()), AccountExport.Group::id),
                        byKey(withoutMembers(target.groups()), AccountExport.Group::id)),
                Diff.of(byKey(memberships(current.groups()), m -> m.group() + " " + m.user()),
                        byKey(memberships(target.groups()), m -> m.group() + " " + m.user())),
                Diff.of(byKey(current.assignments(), ImportPlan::assignmentKey),
                        byKey(target.assignments(), ImportPlan::assignmentKey)));
    }

    ImportResponse.Changes changes() {
        return new ImportResponse.Changes(permissions.counts(), roles.counts(), users.counts(), groups.counts(),
                memberships.counts(), assignments.counts());
    }

    /** The audit target of an assignment, as the admin API writes it: {@code user:bob/role:viewer}. */
    static String assignmentTarget(AccountExport.Assignment a) {
        return (a.user() != null ? "user:" + a.user() : "group:" + a.group()) + "/role:" + a.role();
    }

    /** Unique per assignment; ids and names cannot hold a space. */
    static String assignmentKey(AccountExport.Assignment a) {
        return (a.user() != null ? "user " + a.user() : "group " + a.group()) + " " + a.role() + " " + a.source();
    }

    private static <V> Map<String, V> byKey(List<V> values, Function<V, String> key) {
        Map<String, V> map = new LinkedHashMap<>();
        values.forEach(v -> map.put(key.apply(v), v));
        return map;
    }

    private static List<AccountExport.Group> withoutMembers(List<AccountExport.Group> groups) {
        return groups.stream().map(g -> new AccountExport.Group(g.id(), g.displayName(), g.source(), g.externalId(),
                g.externalDn(), List.of())).toList();
    }

    private static List<Membership> memberships(List<AccountExport.Group> groups) {
        List<Membership> all = new ArrayList<>();
        groups.forEach(g -> g.members().forEach(u -> all.add(new Membership(g.id(), u))));
        return all;
    }
}
