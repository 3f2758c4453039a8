package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Precomputed effective access is the same answer, and is what later calls return. */
class SnapshotPrecomputeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void precomputedAnswersEqualComputedOnesAndAreReused() {
        AccountModel model = new AccountModel("a", 7,
                List.of(new PermissionDef("report.view", List.of("report.open")),
                        new PermissionDef("report.edit", List.of("report.rename", "report.open"))),
                List.of(new RoleDef("viewer", List.of("report.view"), List.of()),
                        new RoleDef("editor", List.of("report.edit"), List.of("viewer"))),
                List.of(new UserDef("vic", true), new UserDef("eda", true), new UserDef("eve", true)),
                List.of(),
                List.of(new AssignmentDef(AssigneeKind.USER, "vic", "viewer", AssignmentSource.MANUAL, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.USER, "eda", "editor", AssignmentSource.MANUAL, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.USER, "eve", "editor", AssignmentSource.MANUAL, Validity.ALWAYS)));
        EffectiveAccess lazy = SnapshotCompiler.compile(model).effectiveAccess("eda", NOW);

        Snapshot snapshot = SnapshotCompiler.compile(model);
        snapshot.precomputeEffectiveAccess();
        EffectiveAccess eda = snapshot.effectiveAccess("eda", NOW);
        assertEquals(lazy, eda);
        assertEquals(List.of("report.edit", "report.view"), eda.permissions());
        assertEquals(List.of("report.open", "report.rename"), eda.operations());
        // users sharing a role set share the one precomputed answer
        assertSame(eda, snapshot.effectiveAccess("eve", NOW));
        assertEquals(List.of("report.view"), snapshot.effectiveAccess("vic", NOW).permissions());
    }
}
