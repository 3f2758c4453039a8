package dev.rolegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.matrix.MatrixLoader;
import dev.rolegate.matrix.MatrixScenario;
import dev.rolegate.matrix.MatrixScenario.Check;
import dev.rolegate.matrix.MatrixScenario.Effective;
import dev.rolegate.matrix.MatrixScenario.Stage;
import dev.rolegate.matrix.MatrixScenario.TargetKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every check-matrix file on the pure engine: one container per file, one per stage, one
 * test per expectation. Each stage compiles a fresh snapshot of the state so far. The HTTP
 * runner replays the same files through the admin and check APIs.
 */
class MatrixEngineTest {

    @TestFactory
    Stream<DynamicNode> matrix() {
        return MatrixLoader.loadAll().stream().map(MatrixEngineTest::scenario);
    }

    private static DynamicNode scenario(MatrixScenario scenario) {
        MatrixModelState state = new MatrixModelState();
        List<DynamicNode> stages = new ArrayList<>();
        RuntimeException broken = null;
        try {
            scenario.given().forEach(state::apply);
        } catch (RuntimeException e) {
            broken = e;
        }
        for (int i = 0; i < scenario.stages().size(); i++) {
            Stage stage = scenario.stages().get(i);
            // the file name leads, so that flat reports (surefire) still say where a stage is
            String name = fileName(scenario) + " stage " + (i + 1) + (stage.name().isEmpty() ? "" : ": " + stage.name());
            URI at = at(scenario, stage.line());
            Snapshot snapshot = null;
            if (broken == null) {
                try {
                    stage.changes().forEach(state::apply);
                    snapshot = SnapshotCompiler.compile(state.toModel("matrix"));
                } catch (RuntimeException e) {
                    broken = e;
                }
            }
            if (broken != null) {
                RuntimeException cause = broken;
                stages.add(DynamicTest.dynamicTest(name + " (could not build the state)", at, () -> {
                    throw new AssertionError("state of " + scenario.name() + " up to " + name + ": " + cause.getMessage(), cause);
                }));
                continue;
            }
            stages.add(DynamicContainer.dynamicContainer(name, at, expectations(scenario, stage, snapshot)));
        }
        return DynamicContainer.dynamicContainer(scenario.name(), scenario.source(), stages.stream());
    }

    private static Stream<DynamicNode> expectations(MatrixScenario scenario, Stage stage, Snapshot snapshot) {
        List<DynamicNode> tests = new ArrayList<>();
        for (Check check : stage.checks()) {
            tests.add(test(check.describe(), at(scenario, check.line()), () -> check(snapshot, stage, check)));
        }
        stage.effective().forEach((subject, expected) -> tests.add(test("effective access of " + subject,
                at(scenario, expected.line()), () -> effective(snapshot, stage, subject, expected))));
        stage.usersAllowed().forEach((operation, expected) -> tests.add(test("users allowed " + operation,
                at(scenario, stage.line()), () -> assertEquals(expected, snapshot.usersAllowed(operation, stage.now()),
                        "usersAllowed(" + operation + ")"))));
        return tests.stream();
    }

    private static void check(Snapshot snapshot, Stage stage, Check check) {
        Target target = check.kind() == TargetKind.OPERATION
                ? new Target.Operation(check.target()) : new Target.Permission(check.target());
        Decision decision = snapshot.check(check.subject(), target, stage.now());
        String where = "line " + check.line() + ": " + decision;
        assertEquals(check.allowed(), decision.allowed(), where);
        if (check.reason() != null) {
            assertEquals(check.reason(), decision.reason().code(), where);
        }
        if (check.missing() != null) {
            assertEquals(check.missing(), decision.missing(), where);
        }
        Explanation explanation = snapshot.explain(check.subject(), target, stage.now());
        assertEquals(decision, explanation.decision(), "explain must decide as check does");
        if (check.explain() != null) {
            assertEquals(check.explain(), render(explanation), where);
        }
    }

    private static void effective(Snapshot snapshot, Stage stage, String subject, Effective expected) {
        EffectiveAccess access = snapshot.effectiveAccess(subject, stage.now());
        if (expected.permissions() != null) {
            assertEquals(expected.permissions(), access.permissions(), "permissions of " + subject);
        }
        if (expected.operations() != null) {
            assertEquals(expected.operations(), access.operations(), "operations of " + subject);
        }
    }

    /** Paths as the matrix writes them: {@code kind:name} steps. */
    static List<List<String>> render(Explanation explanation) {
        return explanation.paths().stream()
                .map(path -> path.steps().stream()
                        .map(step -> step.kind().name().toLowerCase(Locale.ROOT) + ":" + step.name())
                        .toList())
                .toList();
    }

    private static DynamicTest test(String name, URI at, Executable body) {
        return DynamicTest.dynamicTest(name, at, body);
    }

    private static String fileName(MatrixScenario scenario) {
        String path = scenario.source().getPath();
        return path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.yaml$", "");
    }

    private static URI at(MatrixScenario scenario, int line) {
        return URI.create(scenario.source() + "?line=" + line);
    }
}
