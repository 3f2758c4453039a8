package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13 items 6 and 5 on the pure engine: {@link AccessDiff} and {@link RoleMatrix}. */
class AccessDiffAndRoleMatrixTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<PermissionDef> CATALOG = List.of(
            new PermissionDef("report.view", List.of("report.open")),
            new PermissionDef("report.edit", List.of("report.rename")),
            new PermissionDef("integrations.use", List.of("report.share_to_slack")),
            new PermissionDef("report.share", List.of("report.share_to_slack", "report.share_link")));

    private static AssignmentDef assign(String user, String role, Validity validity) {
        return new AssignmentDef(AssigneeKind.USER, user, role, AssignmentSource.MANUAL, validity);
    }

    private static Snapshot snapshot(List<RoleDef> roles, List<UserDef> users, List<AssignmentDef> assignments) {
        return SnapshotCompiler.compile(new AccountModel("acme", 1, CATALOG, roles, users, List.of(), assignments));
    }

    @Test
    void gainsAndLossesPerUserByTheDecisionRules() {
        List<RoleDef> roles = List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                new RoleDef("sharer", List.of("report.share"), List.of("viewer")));
        Snapshot before = snapshot(roles,
                List.of(new UserDef("ann", true), new UserDef("bo", true), new UserDef("cy", true), new UserDef("gone", true)),
                List.of(assign("ann", "viewer", Validity.ALWAYS), assign("bo", "sharer", Validity.ALWAYS),
                        assign("cy", "viewer", Validity.ALWAYS), assign("gone", "viewer", Validity.ALWAYS)));
        // sharer also gets integrations.use (completing report.share_to_slack); cy is disabled; gone is
        // deleted; new arrives; ann's assignment has not started yet at NOW
        Snapshot after = snapshot(List.of(roles.get(0), new RoleDef("sharer", List.of("report.share", "integrations.use"), List.of("viewer"))),
                List.of(new UserDef("ann", true), new UserDef("bo", true), new UserDef("cy", false), new UserDef("new", true)),
                List.of(assign("ann", "viewer", new Validity(NOW.plusSeconds(60), Instant.MAX)), assign("bo", "sharer", Validity.ALWAYS),
                        assign("cy", "viewer", Validity.ALWAYS), assign("new", "viewer", Validity.ALWAYS)));

        List<AccessDiff.Change> changes = AccessDiff.between(before, after, NOW);
        assertEquals(List.of("ann", "bo", "cy", "gone", "new"), changes.stream().map(AccessDiff.Change::user).toList());
        AccessDiff.Change bo = changes.get(1);
        assertEquals(new EffectiveAccess(List.of("integrations.use"), List.of("report.share_to_slack")), bo.gained());
        assertEquals(EffectiveAccess.NOTHING, bo.lost());
        assertTrue(bo.gainsAnything());
        EffectiveAccess view = new EffectiveAccess(List.of("report.view"), List.of("report.open"));
        for (int i : new int[] {0, 2, 3}) {
            assertEquals(view, changes.get(i).lost(), changes.get(i).user());
            assertFalse(changes.get(i).gainsAnything());
        }
        assertEquals(view, changes.get(4).gained());
        assertEquals(List.of(), AccessDiff.between(after, after, NOW));
    }

    @Test
    void theMatrixSplitsOwnFromInheritedAndCoversOperationsByTheRule() {
        List<RoleMatrix.Row> rows = RoleMatrix.of(CATALOG, List.of(
                new RoleDef("viewer", List.of("report.view"), List.of()),
                new RoleDef("editor", List.of("report.*"), List.of("viewer", "no-such-role")),
                new RoleDef("loop-a", List.of("integrations.use"), List.of("loop-b")),
                new RoleDef("loop-b", List.of("nothing.*"), List.of("loop-a"))));
        assertEquals(List.of("editor", "loop-a", "loop-b", "viewer"), rows.stream().map(RoleMatrix.Row::role).toList());
        RoleMatrix.Row editor = rows.get(0);
        assertEquals(List.of("report.edit", "report.share", "report.view"), editor.own());
        assertEquals(List.of(), editor.inherited());
        // report.share_to_slack also needs integrations.use
        assertEquals(List.of("report.open", "report.rename", "report.share_link"), editor.operations());
        RoleMatrix.Row loopB = rows.get(2);
        assertEquals(List.of(), loopB.own());
        assertEquals(List.of("integrations.use"), loopB.inherited());
        assertEquals(List.of(), loopB.operations());
    }
}
