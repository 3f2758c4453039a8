package dev.rolegate.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ModelChange}s do, stated on the plain {@link AccountModel}: the specification
 * that {@link SnapshotPatcher} must agree with (a patched snapshot decides like the compile of
 * the model this returns), and a way to replay changes onto a model. Stateless, thread safe;
 * linear in the size of the model.
 */
public final class ModelChanges {

    private ModelChanges() {
    }

    /** The key of an assignment: one per kind, assignee, role and source. */
    private record AssignmentKey(AssigneeKind kind, String assignee, String role, AssignmentSource source) {
        static AssignmentKey of(AssignmentDef a) {
            return new AssignmentKey(a.kind(), a.assignee(), a.role(), a.source());
        }
    }

    /**
     * Applies {@code changes} in order to {@code model} and stamps the result with {@code revision}.
     * Lists keep the model's order, with new entries at the end.
     *
     * @throws IllegalArgumentException when a change refers to a user, group or role that does
     *                                  not exist at its point of the list (see {@link ModelChange})
     */
    public static AccountModel apply(AccountModel model, long revision, List<? extends ModelChange> changes) {
        Objects.requireNonNull(changes, "changes");
        Map<String, PermissionDef> permissions = new LinkedHashMap<>();
        model.permissions().forEach(p -> permissions.put(p.name(), p));
        Map<String, RoleDef> roles = new LinkedHashMap<>();
        model.roles().forEach(r -> roles.put(r.name(), r));
        Map<String, Boolean> users = new LinkedHashMap<>();
        model.users().forEach(u -> users.put(u.id(), u.active()));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        model.groups().forEach(g -> groups.put(g.id(), new LinkedHashSet<>(g.members())));
        Map<AssignmentKey, AssignmentDef> assignments = new LinkedHashMap<>();
        model.assignments().forEach(a -> assignments.put(AssignmentKey.of(a), a));

        for (ModelChange change : changes) {
            if (change instanceof ModelChange.UserPut c) {
                users.put(c.id(), c.active());
            } else if (change instanceof ModelChange.UserDelete c) {
                if (users.remove(c.id()) != null) {
                    groups.values().forEach(members -> members.remove(c.id()));
                    assignments.keySet().removeIf(k -> k.kind() == AssigneeKind.USER && k.assignee().equals(c.id()));
                }
            } else if (change instanceof ModelChange.GroupPut c) {
                groups.putIfAbsent(c.id(), new LinkedHashSet<>());
            } else if (change instanceof ModelChange.GroupDelete c) {
                if (groups.remove(c.id()) != null) {
                    assignments.keySet().removeIf(k -> k.kind() == AssigneeKind.GROUP && k.assignee().equals(c.id()));
                }
            } else if (change instanceof ModelChange.MemberAdd c) {
                require(groups.containsKey(c.group()), change, "no group " + c.group());
                require(users.containsKey(c.user()), change, "no user " + c.user());
                groups.get(c.group()).add(c.user());
            } else if (change instanceof ModelChange.MemberRemove c) {
                Set<String> members = groups.get(c.group());
                if (members != null) {
                    members.remove(c.user());
                }
            } else if (change instanceof ModelChange.AssignmentPut c) {
                AssignmentDef a = c.assignment();
                boolean user = a.kind() == AssigneeKind.USER;
                require(user ? users.containsKey(a.assignee()) : groups.containsKey(a.assignee()), change,
                        "no " + (user ? "user " : "group ") + a.assignee());
                require(roles.containsKey(a.role()), change, "no role " + a.role());
                assignments.put(AssignmentKey.of(a), a);
            } else if (change instanceof ModelChange.AssignmentDelete c) {
                assignments.remove(new AssignmentKey(c.kind(), c.assignee(), c.role(), c.source()));
            } else if (change instanceof ModelChange.RolePut c) {
                roles.put(c.role().name(), c.role());
            } else if (change instanceof ModelChange.RoleDelete c) {
                if (roles.remove(c.name()) != null) {
                    assignments.keySet().removeIf(k -> k.role().equals(c.name()));
                    roles.replaceAll((name, r) -> r.inherits().contains(c.name())
                            ? new RoleDef(name, r.grants(), r.inherits().stream().filter(i -> !i.equals(c.name())).toList())
                            : r);
                }
            } else if (change instanceof ModelChange.PermissionPut c) {
                permissions.put(c.permission().name(), c.permission());
            } else if (change instanceof ModelChange.PermissionDelete c) {
                permissions.remove(c.name());
            }
        }

        List<UserDef> userDefs = new ArrayList<>(users.size());
        users.forEach((id, active) -> userDefs.add(new UserDef(id, active)));
        List<GroupDef> groupDefs = new ArrayList<>(groups.size());
        groups.forEach((id, members) -> groupDefs.add(new GroupDef(id, List.copyOf(members))));
        return new AccountModel(model.account(), revision, List.copyOf(permissions.values()), List.copyOf(roles.values()),
                userDefs, groupDefs, List.copyOf(assignments.values()));
    }

    private static void require(boolean condition, ModelChange change, String message) {
        if (!condition) {
            throw new IllegalArgumentException(change + ": " + message);
        }
    }
}
