package dev.rolegate.ldapsync;

import dev.rolegate.ldap.DirectoryDn;
import dev.rolegate.ldap.DirectoryEntryGroup;
import dev.rolegate.ldap.DirectoryEntryUser;
import dev.rolegate.ldap.DirectoryRead;
import dev.rolegate.ldap.SyncChanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a sync run changed (applied) or would change (dry run), as lines a person reads: stored
 * with the run (column {@code ldap_sync_run.changes}, V0016) and shown by the console under the
 * run. Users are named by their Rolegate user id, groups by their name, never by stable id unless
 * nothing else is known. At most {@link #MAX_ITEMS} items are kept, in {@link SyncChanges}'
 * apply order; {@code total} counts every change. Holds no secret.
 *
 * @param total every change of the plan (memberships included), even those not kept
 * @param items the first {@link #MAX_ITEMS} changes
 */
public record SyncRunChanges(int total, List<Item> items) {

    /** How many items a run keeps; a larger plan says how many more there were. */
    public static final int MAX_ITEMS = 500;

    public SyncRunChanges {
        items = List.copyOf(items);
    }

    /** True when not every change is listed. */
    public boolean truncated() {
        return total > items.size();
    }

    /**
     * One change.
     *
     * @param kind    {@code user.create}, {@code user.update}, {@code user.deprovision},
     *                {@code group.create}, {@code group.update}, {@code group.delete},
     *                {@code member.add}, {@code member.remove}, {@code assignment.create},
     *                {@code assignment.delete}, or {@code skipped} (a directory user left alone)
     * @param subject the user id or group name it is about
     * @param detail  one phrase: the DN, the fields changed, the group or role, or why it was skipped
     */
    public record Item(String kind, String subject, String detail) {
        public Item {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            detail = detail == null ? "" : detail;
        }
    }

    /** The lines of {@code c}, naming users and groups from {@code read} (and the plan itself). */
    public static SyncRunChanges of(SyncChanges c, DirectoryRead read) {
        Map<String, String> users = new HashMap<>();
        Map<String, String> groups = new HashMap<>();
        for (DirectoryEntryUser u : read.users()) {
            if (u.userId() != null) {
                users.put(u.stableId(), u.userId());
            }
        }
        for (DirectoryEntryGroup g : read.groups()) {
            groups.put(g.stableId(), g.name());
        }
        c.usersToDeprovision().forEach(d -> users.putIfAbsent(d.stableId(), d.userId()));
        c.usersToUpdate().forEach(u -> users.put(u.stableId(), u.userId()));
        c.groupsToRemove().forEach(g -> groups.putIfAbsent(g.stableId(), g.groupId()));

        List<Item> all = new ArrayList<>();
        c.groupsToCreate().forEach(g -> all.add(new Item("group.create", g.name(), dn(g.dn()))));
        c.usersToCreate().forEach(u -> all.add(new Item("user.create", u.userId(),
                dn(u.dn()) + (u.status() == dev.rolegate.ldap.UserStatus.DISABLED ? " (disabled in the directory)" : ""))));
        c.usersToUpdate().forEach(u -> all.add(new Item("user.update", u.userId(),
                (u.currentId().equals(u.userId()) ? "" : "renamed from " + u.currentId() + "; ") + "changes "
                        + u.changed().stream().map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', ' ')).sorted()
                        .collect(Collectors.joining(", ")))));
        c.groupsToUpdate().forEach(g -> all.add(new Item("group.update", g.name(), "now " + dn(g.dn()))));
        c.membershipsToAdd().forEach(m -> all.add(new Item("member.add", name(users, m.userStableId()),
                "joins " + name(groups, m.groupStableId()))));
        c.membershipsToRemove().forEach(m -> all.add(new Item("member.remove", name(users, m.userStableId()),
                "leaves " + name(groups, m.groupStableId()))));
        c.assignmentsToAdd().forEach(a -> all.add(new Item("assignment.create", name(users, a.userStableId()),
                "gets role " + a.role())));
        c.assignmentsToRemove().forEach(a -> all.add(new Item("assignment.delete", name(users, a.userStableId()),
                "loses role " + a.role())));
        c.usersToDeprovision().forEach(d -> all.add(new Item("user.deprovision", d.userId(),
                d.action().wireName() + " (no longer in the directory)")));
        c.groupsToRemove().forEach(g -> all.add(new Item("group.delete", name(groups, g.stableId()),
                "no longer in the directory")));
        c.skipped().forEach(s -> all.add(new Item("skipped", s.dn() == null ? s.stableId() : s.dn().value(), s.detail())));
        return new SyncRunChanges(all.size(), all.size() > MAX_ITEMS ? all.subList(0, MAX_ITEMS) : all);
    }

    private static String dn(DirectoryDn dn) {
        return dn == null ? "" : dn.value();
    }

    private static String name(Map<String, String> names, String stableId) {
        return names.getOrDefault(stableId, stableId);
    }
}
