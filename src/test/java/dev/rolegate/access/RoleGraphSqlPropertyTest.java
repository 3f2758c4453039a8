package dev.rolegate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.account.AccountService;
import dev.rolegate.check.AccountStates;
import dev.rolegate.directory.DirectoryService;
import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.GroupDef;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: the no-escalation rules ask SQL what a role, a group or a user amounts to
 * ({@link RoleService#rolePermissions}, {@link AssignmentService#groupPermissions},
 * {@link AssignmentService#userPermissions}: the inheritance graph and the grants read from the
 * tables, wildcards expanded against the catalog), because compiling the account for every
 * write would be slower. The engine owns those rules, so on random accounts (permissions under a
 * few prefixes, grants of names, {@code prefix.*} and {@code *}, random inheritance DAGs, groups,
 * user and group assignments of several sources) the SQL answers must equal the engine's
 * effective permissions of a user holding exactly that role, being a member of exactly that group,
 * or being that user, on the snapshot compiled from the same tables. Every user is active and
 * every assignment always in force, where both count the same assignments.
 */
@QuarkusTest
class RoleGraphSqlPropertyTest {

    private static final List<String> PREFIXES = List.of("report", "dash", "data");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Inject
    AccountService accounts;

    @Inject
    PermissionService permissions;

    @Inject
    RoleService roles;

    @Inject
    AssignmentService assignments;

    @Inject
    DirectoryService directory;

    @Inject
    AccountStates states;

    @Test
    void sqlAndTheEngineAgreeOnWhatRolesGroupsAndUsersHoldOnRandomAccounts() {
        int compared = 0;
        for (long seed = 1; seed <= 12; seed++) {
            compared += compareOn(seed);
        }
        assertTrue(compared >= 12 * 12, "compared " + compared + " answers");
    }

    /** Builds one random account from {@code seed} and compares every role, group and user; returns how many. */
    private int compareOn(long seed) {
        Random random = new Random(seed);
        String account = Api.newAccountId("sqlgraph");
        accounts.create(account, "SQL vs engine " + seed, "blank", Optional.of("owner"));

        List<String> catalog = new ArrayList<>();
        int permissionCount = 4 + random.nextInt(7);
        for (int i = 0; i < permissionCount; i++) {
            String name = PREFIXES.get(random.nextInt(PREFIXES.size())) + ".p" + i;
            permissions.putPermission(account, name, "", List.of("op" + i, "op" + random.nextInt(permissionCount)).stream()
                    .distinct().toList());
            catalog.add(name);
        }
        List<String> roleNames = new ArrayList<>();
        int roleCount = 3 + random.nextInt(6);
        for (int i = 0; i < roleCount; i++) {
            String name = "r" + i;
            Set<String> grants = new TreeSet<>();
            for (int g = random.nextInt(3); g > 0; g--) {
                int kind = random.nextInt(10);
                grants.add(kind == 0 ? "*" : kind < 4 ? PREFIXES.get(random.nextInt(PREFIXES.size())) + ".*"
                        : catalog.get(random.nextInt(catalog.size())));
            }
            Set<String> inherits = new TreeSet<>();
            for (int h = 0; h < i && h < 3; h++) {
                if (random.nextInt(3) == 0) {
                    inherits.add(roleNames.get(random.nextInt(i))); // only earlier roles: a DAG
                }
            }
            roles.putRole(account, name, "", List.copyOf(grants), List.copyOf(inherits));
            roleNames.add(name);
        }
        List<String> users = new ArrayList<>(List.of("owner"));
        for (int i = 0; i < 5; i++) {
            directory.putUser(account, "u" + i, null, null, "active");
            users.add("u" + i);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            directory.putGroup(account, "g" + i, null);
            groups.add("g" + i);
            for (String user : users.subList(1, users.size())) {
                if (random.nextInt(3) == 0) {
                    directory.addMember(account, "g" + i, user);
                }
            }
        }
        List<AssignmentSource> sources = List.of(AssignmentSource.MANUAL, AssignmentSource.LDAP, AssignmentSource.SAML);
        for (int i = random.nextInt(8) + 4; i > 0; i--) {
            boolean toGroup = random.nextBoolean();
            String assignee = toGroup ? groups.get(random.nextInt(groups.size())) : users.get(1 + random.nextInt(users.size() - 1));
            assignments.assign(account, toGroup ? AssigneeKind.GROUP : AssigneeKind.USER, assignee,
                    roleNames.get(random.nextInt(roleNames.size())), sources.get(random.nextInt(sources.size())), null, null);
        }

        AccountModel model = states.committed(account);
        int compared = 0;
        for (String role : roleNames) {
            assertEquals(engine(model, m -> withProbe(m, List.of(), new AssignmentDef(AssigneeKind.USER, "probe", role,
                    AssignmentSource.MANUAL, Validity.ALWAYS))), roles.rolePermissions(account, List.of(role)),
                    "seed " + seed + " role " + role);
            compared++;
        }
        for (String group : groups) {
            assertEquals(engine(model, m -> withProbe(m, List.of(group), null)), assignments.groupPermissions(account, group),
                    "seed " + seed + " group " + group);
            compared++;
        }
        Snapshot snapshot = SnapshotCompiler.compile(model);
        for (String user : users) {
            assertEquals(new TreeSet<>(snapshot.effectiveAccess(user, NOW).permissions()),
                    new TreeSet<>(assignments.userPermissions(account, user)), "seed " + seed + " user " + user);
            compared++;
        }
        return compared;
    }

    /** The effective permissions of the active user {@code probe} in {@code model} changed by {@code change}. */
    private static Set<String> engine(AccountModel model, UnaryOperator<AccountModel> change) {
        return new TreeSet<>(SnapshotCompiler.compile(change.apply(model)).effectiveAccess("probe", NOW).permissions());
    }

    /** {@code model} plus the active user {@code probe}, a member of {@code groups}, holding {@code assignment} if any. */
    private static AccountModel withProbe(AccountModel model, List<String> groups, AssignmentDef assignment) {
        List<UserDef> users = new ArrayList<>(model.users());
        users.add(new UserDef("probe", true));
        List<GroupDef> withMember = model.groups().stream().map(g -> {
            if (!groups.contains(g.id())) {
                return g;
            }
            List<String> members = new ArrayList<>(g.members());
            members.add("probe");
            return new GroupDef(g.id(), members);
        }).toList();
        List<AssignmentDef> all = new ArrayList<>(model.assignments());
        if (assignment != null) {
            all.add(assignment);
        }
        return new AccountModel(model.account(), model.revision(), model.permissions(), model.roles(), users, withMember, all);
    }
}
