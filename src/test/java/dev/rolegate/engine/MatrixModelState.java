package dev.rolegate.engine;

import dev.rolegate.matrix.MatrixScenario.AddGroupMember;
import dev.rolegate.matrix.MatrixScenario.AssignGroupRole;
import dev.rolegate.matrix.MatrixScenario.AssignUserRole;
import dev.rolegate.matrix.MatrixScenario.Change;
import dev.rolegate.matrix.MatrixScenario.DeleteRole;
import dev.rolegate.matrix.MatrixScenario.RemoveGroupMember;
import dev.rolegate.matrix.MatrixScenario.RevokeGroupRole;
import dev.rolegate.matrix.MatrixScenario.RevokeUserRole;
import dev.rolegate.matrix.MatrixScenario.UpsertGroup;
import dev.rolegate.matrix.MatrixScenario.UpsertPermission;
import dev.rolegate.matrix.MatrixScenario.UpsertRole;
import dev.rolegate.matrix.MatrixScenario.UpsertUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account a matrix scenario builds, kept as plain mutable maps and turned into an
 * {@link AccountModel} per stage: what the admin API and the database do for the HTTP runner.
 * Strict like an API: a change that refers to something missing fails (as a 404 would).
 */
final class MatrixModelState {

    private record AssignmentKey(AssigneeKind kind, String assignee, String role, String source) {
    }

    private final Map<String, PermissionDef> permissions = new LinkedHashMap<>();
    private final Map<String, RoleDef> roles = new LinkedHashMap<>();
    private final Map<String, Boolean> users = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final Map<AssignmentKey, AssignmentDef> assignments = new LinkedHashMap<>();
    private long revision;

    void apply(Change change) {
        revision++;
        if (change instanceof UpsertPermission c) {
            permissions.put(c.name(), new PermissionDef(c.name(), c.operations()));
        } else if (change instanceof UpsertRole c) {
            roles.put(c.name(), new RoleDef(c.name(), c.grants(), c.inherits()));
        } else if (change instanceof DeleteRole c) {
            need(roles.remove(c.name()) != null, change, "no role " + c.name());
            assignments.keySet().removeIf(k -> k.role().equals(c.name()));
            roles.replaceAll((name, r) -> new RoleDef(name, r.grants(),
                    r.inherits().stream().filter(i -> !i.equals(c.name())).toList()));
        } else if (change instanceof UpsertUser c) {
            users.put(c.id(), c.status().equals("active"));
        } else if (change instanceof UpsertGroup c) {
            groups.putIfAbsent(c.id(), new LinkedHashSet<>());
        } else if (change instanceof AddGroupMember c) {
            need(groups.containsKey(c.group()), change, "no group " + c.group());
            need(users.containsKey(c.user()), change, "no user " + c.user());
            groups.get(c.group()).add(c.user());
        } else if (change instanceof RemoveGroupMember c) {
            need(groups.containsKey(c.group()) && groups.get(c.group()).remove(c.user()), change,
                    c.user() + " is not a member of " + c.group());
        } else if (change instanceof AssignUserRole c) {
            need(users.containsKey(c.user()), change, "no user " + c.user());
            assign(AssigneeKind.USER, c.user(), c.role(), c.source(), c.validFrom(), c.expiresAt(), change);
        } else if (change instanceof AssignGroupRole c) {
            need(groups.containsKey(c.group()), change, "no group " + c.group());
            assign(AssigneeKind.GROUP, c.group(), c.role(), c.source(), c.validFrom(), c.expiresAt(), change);
        } else if (change instanceof RevokeUserRole c) {
            need(assignments.remove(new AssignmentKey(AssigneeKind.USER, c.user(), c.role(), c.source())) != null,
                    change, "no such assignment");
        } else if (change instanceof RevokeGroupRole c) {
            need(assignments.remove(new AssignmentKey(AssigneeKind.GROUP, c.group(), c.role(), c.source())) != null,
                    change, "no such assignment");
        } else {
            throw new IllegalArgumentException("unhandled change " + change);
        }
    }

    private void assign(AssigneeKind kind, String assignee, String role, String source, Instant validFrom,
            Instant expiresAt, Change change) {
        need(roles.containsKey(role), change, "no role " + role);
        Validity validity = validFrom == null && expiresAt == null ? Validity.ALWAYS
                : new Validity(validFrom == null ? Instant.MIN : validFrom, expiresAt == null ? Instant.MAX : expiresAt);
        assignments.put(new AssignmentKey(kind, assignee, role, source),
                new AssignmentDef(kind, assignee, role, AssignmentSource.fromWire(source), validity));
    }

    private static void need(boolean condition, Change change, String message) {
        if (!condition) {
            throw new IllegalStateException("line " + change.line() + ": " + message);
        }
    }

    AccountModel toModel(String account) {
        List<GroupDef> groupDefs = new ArrayList<>();
        groups.forEach((id, members) -> groupDefs.add(new GroupDef(id, List.copyOf(members))));
        List<UserDef> userDefs = new ArrayList<>();
        users.forEach((id, active) -> userDefs.add(new UserDef(id, active)));
        return new AccountModel(account, revision, List.copyOf(permissions.values()), List.copyOf(roles.values()),
                userDefs, groupDefs, List.copyOf(assignments.values()));
    }
}
