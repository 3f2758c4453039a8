package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contracts of {@link Snapshot} that the matrix cannot state: sharing, allocation, sources, depth. */
class SnapshotTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Target OPEN = new Target.Operation("report.open");

    private static AssignmentDef toUser(String user, String role, AssignmentSource source, Validity validity) {
        return new AssignmentDef(AssigneeKind.USER, user, role, source, validity);
    }

    private static AssignmentDef toUser(String user, String role) {
        return toUser(user, role, AssignmentSource.MANUAL, Validity.ALWAYS);
    }

    private static Snapshot viewers(int users) {
        List<UserDef> userDefs = new ArrayList<>();
        List<AssignmentDef> assignments = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userDefs.add(new UserDef("u" + i, true));
            assignments.add(toUser("u" + i, "viewer"));
        }
        return SnapshotCompiler.compile(new AccountModel("acme", 3,
                List.of(new PermissionDef("report.view", List.of("report.open", "report.list"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of())),
                userDefs, List.of(), assignments));
    }

    @Test
    void anEmptyAccountDeniesEverything() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("empty", 0, List.of(), List.of(), List.of(),
                List.of(), List.of()));
        assertEquals(Reason.UNKNOWN_OPERATION, snapshot.check("anyone", OPEN, NOW).reason());
        assertEquals(Reason.UNKNOWN_PERMISSION, snapshot.check("anyone", new Target.Permission("p"), NOW).reason());
        assertSame(EffectiveAccess.NOTHING, snapshot.effectiveAccess("anyone", NOW));
        assertEquals(List.of(), snapshot.usersAllowed("report.open", NOW));
        assertEquals(List.of(), snapshot.explain("anyone", OPEN, NOW).paths());
    }

    @Test
    void anAllowedCheckReturnsTheSharedDecisionAndAllocatesNothing() {
        Snapshot snapshot = viewers(100);
        assertSame(Decision.ALLOW, snapshot.check("u7", OPEN, NOW));
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long id = Thread.currentThread().getId();
        String[] subjects = {"u1", "u2", "u3", "u99"};
        int allowed = 0;
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the first rounds run interpreted and compile
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                allowed += snapshot.check(subjects[i & 3], OPEN, NOW).allowed() ? 1 : 0;
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(500_000, allowed);
        // one object per check would be at least 1.6 MB a round; what remains is the runtime's
        // own noise (compilation, the counter), a few hundred bytes to a few KB
        assertTrue(least < 16_384, "100,000 allowed checks allocated " + least + " bytes");
    }

    @Test
    void denialsForUnknownsAndDisabledUsersAreSharedConstants() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("p", List.of("o"))), List.of(), List.of(new UserDef("off", false)),
                List.of(), List.of()));
        assertSame(snapshot.check("x", new Target.Operation("nope"), NOW), snapshot.check("y", new Target.Operation("no"), NOW));
        assertSame(snapshot.check("x", new Target.Operation("o"), NOW), snapshot.check("y", new Target.Operation("o"), NOW));
        assertSame(snapshot.check("off", new Target.Operation("o"), NOW), snapshot.check("off", new Target.Permission("p"), NOW));
    }

    @Test
    void usersWithEqualRoleSetsShareOneBitsetAndOneEffectiveAccess() {
        Snapshot snapshot = viewers(10_000);
        assertEquals(2, snapshot.subjects.distinctBits.length, "the empty set and the viewer set");
        assertSame(snapshot.effectiveAccess("u1", NOW), snapshot.effectiveAccess("u9999", NOW));
        assertEquals(List.of("report.list", "report.open"), snapshot.effectiveAccess("u5", NOW).operations());
        assertEquals(10_000, snapshot.usersAllowed("report.open", NOW).size());
    }

    @Test
    void timeBoundedGrantsThatAddNothingAreDropped() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("report.view", List.of("report.open")),
                        new PermissionDef("report.edit", List.of("report.rename"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("editor", List.of("report.edit"), List.of("viewer"))),
                List.of(new UserDef("a", true), new UserDef("b", true)), List.of(),
                List.of(toUser("a", "editor"),
                        toUser("a", "viewer", AssignmentSource.SAML, new Validity(NOW, NOW.plusSeconds(60))),
                        toUser("b", "editor", AssignmentSource.SAML, new Validity(NOW, NOW.plusSeconds(60))))));
        assertEquals(0, snapshot.subjects.timed[snapshot.subjects.users.indexOf("a")].length);
        assertEquals(1, snapshot.subjects.timed[snapshot.subjects.users.indexOf("b")].length);
        assertTrue(snapshot.check("b", new Target.Operation("report.rename"), NOW).allowed());
        assertFalse(snapshot.check("b", new Target.Operation("report.rename"), NOW.plusSeconds(60)).allowed());
    }

    @Test
    void aDenialMissingOnePermissionIsSharedAndOneMissingSeveralIsNot() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("a", List.of("both", "only-a")), new PermissionDef("b", List.of("both"))),
                List.of(), List.of(new UserDef("x", true), new UserDef("y", true)), List.of(), List.of()));
        assertSame(snapshot.check("x", new Target.Operation("only-a"), NOW),
                snapshot.check("y", new Target.Permission("a"), NOW));
        assertEquals(List.of("a", "b"), snapshot.check("x", new Target.Operation("both"), NOW).missing());
    }

    @Test
    void effectiveAccessOfATimeBoundedUserIsRightWhicheverWayTimeMoves() {
        Instant from = NOW.plusSeconds(100);
        Instant until = NOW.plusSeconds(200);
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("report.view", List.of("report.open")),
                        new PermissionDef("report.edit", List.of("report.rename"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("editor", List.of("report.edit"), List.of())),
                List.of(new UserDef("t", true)), List.of(),
                List.of(toUser("t", "viewer"),
                        toUser("t", "editor", AssignmentSource.MANUAL, new Validity(from, until)))));
        List<String> viewer = List.of("report.open");
        List<String> both = List.of("report.open", "report.rename");
        // each call may reuse the window cached by the previous one
        Instant[] times = {from, NOW, until.minusNanos(1), until, from.minusNanos(1), from.plusSeconds(50), until.plusSeconds(1), from};
        List<List<String>> expected = List.of(both, viewer, both, viewer, viewer, both, viewer, both);
        for (int i = 0; i < times.length; i++) {
            assertEquals(expected.get(i), snapshot.effectiveAccess("t", times[i]).operations(), "at " + times[i]);
        }
    }

    @Test
    void explainNamesTheSourceOfTheAssignmentOnTheFirstRoleStepOnly() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("report.view", List.of("report.open")),
                        new PermissionDef("billing.view", List.of("billing.open"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("analyst", List.of(), List.of("viewer")),
                        new RoleDef("billing", List.of("billing.view"), List.of())),
                List.of(new UserDef("ann", true)),
                List.of(new GroupDef("finance", List.of("ann"))),
                List.of(toUser("ann", "analyst", AssignmentSource.LDAP, Validity.ALWAYS),
                        toUser("ann", "analyst", AssignmentSource.TEMPLATE, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.GROUP, "finance", "billing", AssignmentSource.SAML, Validity.ALWAYS))));
        Explanation viewer = snapshot.explain("ann", OPEN, NOW);
        assertEquals(List.of(new Explanation.Step(Explanation.Kind.USER, "ann", ""),
                new Explanation.Step(Explanation.Kind.ROLE, "analyst", "ldap"),
                new Explanation.Step(Explanation.Kind.INHERITED_ROLE, "viewer", ""),
                new Explanation.Step(Explanation.Kind.PERMISSION, "report.view", ""),
                new Explanation.Step(Explanation.Kind.OPERATION, "report.open", "")),
                viewer.paths().get(0).steps());
        Explanation billing = snapshot.explain("ann", new Target.Permission("billing.view"), NOW);
        assertEquals(List.of(new Explanation.Step(Explanation.Kind.USER, "ann", ""),
                new Explanation.Step(Explanation.Kind.GROUP, "finance", ""),
                new Explanation.Step(Explanation.Kind.ROLE, "billing", "saml"),
                new Explanation.Step(Explanation.Kind.PERMISSION, "billing.view", "")),
                billing.paths().get(0).steps());
    }

    @Test
    void explainIgnoresAssignmentsNotInForce() {
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("report.view", List.of("report.open"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("proxy", List.of(), List.of("viewer"))),
                List.of(new UserDef("ann", true)), List.of(),
                List.of(toUser("ann", "viewer", AssignmentSource.MANUAL, new Validity(Instant.MIN, NOW)),
                        toUser("ann", "proxy"))));
        // the direct viewer assignment ends at NOW: until then it is the shorter path, from then on
        // the only path left goes through proxy
        assertEquals(List.of("user ann", "role viewer", "permission report.view", "operation report.open"),
                steps(snapshot.explain("ann", OPEN, NOW.minusNanos(1))));
        assertEquals(List.of("user ann", "role proxy", "inherited_role viewer", "permission report.view",
                "operation report.open"), steps(snapshot.explain("ann", OPEN, NOW)));
    }

    private static List<String> steps(Explanation explanation) {
        assertEquals(1, explanation.paths().size());
        return explanation.paths().get(0).steps().stream()
                .map(s -> s.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + s.name()).toList();
    }

    @Test
    void aVeryLongInheritanceChainCompilesAndExplainsWithoutRecursion() {
        int depth = 20_000;
        List<RoleDef> roles = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            roles.add(new RoleDef("r" + i, i == depth - 1 ? List.of("report.view") : List.of(),
                    i == depth - 1 ? List.of() : List.of("r" + (i + 1))));
        }
        Snapshot snapshot = SnapshotCompiler.compile(new AccountModel("acme", 1,
                List.of(new PermissionDef("report.view", List.of("report.open"))), roles,
                List.of(new UserDef("deep", true)), List.of(), List.of(toUser("deep", "r0"))));
        assertSame(Decision.ALLOW, snapshot.check("deep", OPEN, NOW));
        assertEquals(depth + 3, snapshot.explain("deep", OPEN, NOW).paths().get(0).steps().size());
    }

    @Test
    void nullArgumentsAreProgrammingErrors() {
        Snapshot snapshot = viewers(1);
        assertThrows(NullPointerException.class, () -> snapshot.check(null, OPEN, NOW));
        assertThrows(NullPointerException.class, () -> snapshot.check("u0", null, NOW));
        assertThrows(NullPointerException.class, () -> snapshot.check("u0", OPEN, null));
        assertThrows(NullPointerException.class, () -> SnapshotCompiler.compile(null));
    }

    @Test
    void returnedListsAreImmutable() {
        Snapshot snapshot = viewers(3);
        assertThrows(UnsupportedOperationException.class, () -> snapshot.usersAllowed("report.open", NOW).clear());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.effectiveAccess("u0", NOW).operations().clear());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.effectiveAccess("u0", NOW).permissions().clear());
    }
}
