package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 3 and 4 on the pure engine: every path of an access, why a check is denied, and
 * the smallest sets of roles that would allow it.
 */
class PeopleQuestionsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Validity LAST_YEAR = new Validity(Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2025-12-31T00:00:00Z"));
    private static final Validity THIS_SUMMER = new Validity(Instant.parse("2026-05-01T00:00:00Z"),
            Instant.parse("2026-09-01T00:00:00Z"));

    private static AssignmentDef user(String user, String role, AssignmentSource source, Validity validity) {
        return new AssignmentDef(AssigneeKind.USER, user, role, source, validity);
    }

    /** report.view (open), report.edit (rename), report.share and report.edit both list share. */
    private static Snapshot account() {
        return SnapshotCompiler.compile(new AccountModel("acme", 5,
                List.of(new PermissionDef("report.view", List.of("report.open")),
                        new PermissionDef("report.edit", List.of("report.rename", "report.share")),
                        new PermissionDef("report.share", List.of("report.share")),
                        new PermissionDef("billing.view", List.of("billing.open"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("analyst", List.of("report.edit"), List.of("viewer")),
                        new RoleDef("sharer", List.of("report.share"), List.of()),
                        new RoleDef("lead", List.of(), List.of("analyst", "sharer")),
                        new RoleDef("finance", List.of("billing.view"), List.of())),
                List.of(new UserDef("ann", true), new UserDef("bob", true), new UserDef("dora", false)),
                List.of(new GroupDef("pm", List.of("ann", "bob"))),
                List.of(user("ann", "analyst", AssignmentSource.MANUAL, THIS_SUMMER),
                        user("ann", "viewer", AssignmentSource.SAML, Validity.ALWAYS),
                        user("bob", "finance", AssignmentSource.MANUAL, LAST_YEAR),
                        new AssignmentDef(AssigneeKind.GROUP, "pm", "viewer", AssignmentSource.LDAP, Validity.ALWAYS))));
    }

    private static List<String> names(AccessPaths.Path path) {
        return path.steps().stream().map(s -> s.kind().name().toLowerCase() + ":" + s.name()
                + (s.source().isEmpty() ? "" : "(" + s.source() + ")")).toList();
    }

    @Test
    void aPermissionThatComesThreeWaysShowsAllThree() {
        AccessPaths access = account().accessPaths("ann", NOW);
        assertEquals(List.of("report.edit", "report.view"), access.permissions().stream().map(AccessPaths.Held::permission).toList());
        AccessPaths.Held view = access.permissions().get(1);
        assertEquals(List.of(
                List.of("user:ann", "role:analyst(manual)", "inherited_role:viewer", "permission:report.view"),
                List.of("user:ann", "role:viewer(saml)", "permission:report.view"),
                List.of("user:ann", "group:pm", "role:viewer(ldap)", "permission:report.view")),
                view.paths().stream().map(PeopleQuestionsTest::names).toList());
        assertEquals(THIS_SUMMER, view.paths().get(0).validity());
        assertEquals(Validity.ALWAYS, view.paths().get(1).validity());
        assertEquals(List.of("report.open", "report.rename"), access.operations());
        assertFalse(view.truncated() || access.truncated());
    }

    @Test
    void outsideItsValidityAnAssignmentBringsNoPath() {
        Snapshot snapshot = account();
        AccessPaths later = snapshot.accessPaths("ann", Instant.parse("2026-10-01T00:00:00Z"));
        assertEquals(List.of("report.view"), later.permissions().stream().map(AccessPaths.Held::permission).toList());
        assertEquals(2, later.permissions().get(0).paths().size());
        assertEquals(List.of(), snapshot.accessPaths("dora", NOW).permissions());
        assertEquals(List.of(), snapshot.accessPaths("nobody", NOW).permissions());
    }

    @Test
    void onRandomAccountsThePathsNameExactlyTheEffectivePermissions() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            Snapshot snapshot = SnapshotCompiler.compile(RandomAccounts.model(random, round));
            for (String u : List.of("u0", "u1", "u2", "u3")) {
                EffectiveAccess expected = snapshot.effectiveAccess(u, NOW);
                AccessPaths access = snapshot.accessPaths(u, NOW);
                assertEquals(expected.permissions(), access.permissions().stream().map(AccessPaths.Held::permission).toList());
                assertEquals(expected.operations(), access.operations());
                for (AccessPaths.Held held : access.permissions()) {
                    assertFalse(held.paths().isEmpty(), held.permission());
                    for (AccessPaths.Path path : held.paths()) {
                        assertTrue(path.validity().covers(NOW));
                        assertEquals(held.permission(), path.steps().get(path.steps().size() - 1).name());
                    }
                }
            }
        }
    }

    @Test
    void aDenialSaysWhatIsMissingWhoGrantsItAndWhatHasLapsed() {
        Snapshot snapshot = account();
        Denial denial = snapshot.whyNot("bob", new Target.Operation("billing.open"), NOW);
        assertEquals(Reason.MISSING_PERMISSION, denial.reason());
        assertEquals(Denial.SubjectStatus.ACTIVE, denial.subject());
        Denial.Missing missing = denial.missing().get(0);
        assertEquals("billing.view", missing.permission());
        assertEquals(List.of("finance"), missing.grantedBy());
        assertEquals(List.of(List.of("user:bob", "role:finance(manual)", "permission:billing.view")),
                missing.notInForce().stream().map(PeopleQuestionsTest::names).toList());
        assertEquals(LAST_YEAR, missing.notInForce().get(0).validity());

        Denial share = snapshot.whyNot("bob", new Target.Operation("report.share"), NOW);
        assertEquals(List.of("report.edit", "report.share"), share.missing().stream().map(Denial.Missing::permission).toList());
        assertEquals(List.of("analyst", "lead"), share.missing().get(0).grantedBy());

        assertEquals(Denial.SubjectStatus.DISABLED, snapshot.whyNot("dora", new Target.Operation("report.open"), NOW).subject());
        Denial unknown = snapshot.whyNot("nobody", new Target.Operation("report.opne"), NOW);
        assertEquals(Reason.UNKNOWN_OPERATION, unknown.reason());
        assertEquals(Denial.SubjectStatus.UNKNOWN, unknown.subject());
        assertEquals("report.opne", unknown.unknown());
        assertEquals(Reason.ALLOWED, snapshot.whyNot("ann", new Target.Operation("report.open"), NOW).reason());
    }

    @Test
    void theFixesAreTheSmallestSetsAndEachAllows() {
        Snapshot snapshot = account();
        Target share = new Target.Operation("report.share");
        List<String> all = snapshot.roleNames();
        assertEquals(List.of(List.of("lead")), snapshot.fixes("bob", share, all, 3, 20, s -> true, NOW).sets());
        // without lead, two roles are needed
        List<String> withoutLead = all.stream().filter(r -> !r.equals("lead")).toList();
        Fixes pair = snapshot.fixes("bob", share, withoutLead, 3, 20, s -> true, NOW);
        assertEquals(List.of(List.of("analyst", "sharer")), pair.sets());
        assertTrue(pair.complete());
        assertEquals(List.of(), snapshot.fixes("bob", share, withoutLead, 1, 20, s -> true, NOW).sets());
        // a rule that refuses a set refuses its supersets: nothing is left
        assertEquals(List.of(), snapshot.fixes("bob", share, withoutLead, 3, 20, s -> !s.contains("analyst"), NOW).sets());
        assertEquals(Fixes.NONE, snapshot.fixes("dora", share, all, 3, 20, s -> true, NOW));
        assertEquals(Fixes.NONE, snapshot.fixes("ann", new Target.Operation("report.open"), all, 3, 20, s -> true, NOW));
        for (List<String> set : pair.sets()) {
            assertTrue(snapshot.effectiveAccessWith("bob", set, NOW).operations().contains("report.share"));
        }
    }

    @Test
    void onRandomAccountsEveryFixAllowsAndNoSmallerSetDoes() {
        Random random = new Random(31);
        for (int round = 0; round < 200; round++) {
            Snapshot snapshot = SnapshotCompiler.compile(RandomAccounts.model(random, round));
            List<String> roles = snapshot.roleNames();
            for (String op : RandomAccounts.OPERATIONS) {
                Target target = new Target.Operation(op);
                if (snapshot.check("u0", target, NOW).reason() != Reason.MISSING_PERMISSION) {
                    continue;
                }
                Fixes fixes = snapshot.fixes("u0", target, roles, 3, 1000, s -> true, NOW);
                int size = fixes.sets().isEmpty() ? 4 : fixes.sets().get(0).size();
                Set<List<String>> smaller = new HashSet<>();
                for (List<String> set : subsets(roles, size - 1)) {
                    if (snapshot.effectiveAccessWith("u0", set, NOW).operations().contains(op)) {
                        smaller.add(set);
                    }
                }
                assertEquals(Set.of(), smaller, "round " + round + " " + op);
                for (List<String> set : fixes.sets()) {
                    assertEquals(size, set.size());
                    assertTrue(snapshot.effectiveAccessWith("u0", set, NOW).operations().contains(op), set.toString());
                }
            }
        }
    }

    /** Every set of up to {@code max} names of {@code names}. */
    private static List<List<String>> subsets(List<String> names, int max) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (int i = 0; i < out.size(); i++) {
            List<String> base = out.get(i);
            if (base.size() == max) {
                continue;
            }
            int from = base.isEmpty() ? 0 : names.indexOf(base.get(base.size() - 1)) + 1;
            for (int j = from; j < names.size(); j++) {
                List<String> next = new ArrayList<>(base);
                next.add(names.get(j));
                out.add(next);
            }
        }
        return out;
    }

    /** Small random accounts: a few permissions, roles with inheritance, users, groups, assignments. */
    static final class RandomAccounts {
        static final List<String> OPERATIONS = List.of("op0", "op1", "op2", "op3", "op4", "op5");

        static AccountModel model(Random random, int round) {
            List<PermissionDef> permissions = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                List<String> ops = new ArrayList<>();
                for (String op : OPERATIONS) {
                    if (random.nextInt(4) == 0) {
                        ops.add(op);
                    }
                }
                permissions.add(new PermissionDef("p" + p, ops));
            }
            List<RoleDef> roles = new ArrayList<>();
            for (int r = 0; r < 7; r++) {
                List<String> grants = new ArrayList<>();
                for (int p = 0; p < 6; p++) {
                    if (random.nextInt(4) == 0) {
                        grants.add("p" + p);
                    }
                }
                List<String> inherits = new ArrayList<>();
                for (int s = 0; s < r; s++) { // only lower roles: never a cycle
                    if (random.nextInt(4) == 0) {
                        inherits.add("r" + s);
                    }
                }
                roles.add(new RoleDef("r" + r, grants, inherits));
            }
            List<UserDef> users = new ArrayList<>();
            for (int u = 0; u < 4; u++) {
                users.add(new UserDef("u" + u, random.nextInt(6) > 0));
            }
            List<GroupDef> groups = List.of(new GroupDef("g0", List.of("u0", "u1")), new GroupDef("g1", List.of("u0", "u2")));
            List<AssignmentDef> assignments = new ArrayList<>();
            Validity[] validities = {Validity.ALWAYS, Validity.ALWAYS, LAST_YEAR, THIS_SUMMER};
            AssignmentSource[] sources = AssignmentSource.values();
            for (int a = 0; a < 6; a++) {
                boolean toGroup = random.nextInt(3) == 0;
                assignments.add(new AssignmentDef(toGroup ? AssigneeKind.GROUP : AssigneeKind.USER,
                        toGroup ? "g" + random.nextInt(2) : "u" + random.nextInt(4), "r" + random.nextInt(7),
                        sources[random.nextInt(sources.length)], validities[random.nextInt(validities.length)]));
            }
            // ModelChanges keys assignments by kind, assignee, role and source: drop repeats
            List<AssignmentDef> distinct = ModelChanges.apply(new AccountModel("r" + round, 1, permissions, roles, users, groups,
                    List.of()), 1, assignments.stream().<ModelChange>map(ModelChange.AssignmentPut::new).toList()).assignments();
            return new AccountModel("r" + round, 1, permissions, roles, users, groups, distinct);
        }
    }
}
