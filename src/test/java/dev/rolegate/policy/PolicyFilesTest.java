package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every policy tests file of the top-level {@code policies/tests/} folder (surefire runs in
 * the project root) against the templates of {@code policies/templates/}: one container per file
 * and case, one test per expectation, each linked to its {@code file:line:column}.
 *
 * <p>Tagged {@code needs-engine}: it fails with UnsupportedOperationException until the engine's
 * Snapshot is built; {@code -DexcludedGroups=needs-engine} leaves it out meanwhile.
 */
@Tag("needs-engine")
class PolicyFilesTest {

    private static final Path POLICIES = Path.of("policies");

    @TestFactory
    Stream<DynamicNode> policyTests() {
        List<Path> files = PolicyTestRunner.testFiles(POLICIES);
        assertFalse(files.isEmpty(), () -> "no policy tests in " + POLICIES.toAbsolutePath().resolve("tests"));
        TemplateSource templates = TemplateSource.directory(POLICIES.resolve(PolicyTestRunner.TEMPLATES_DIR));
        return files.stream().map(file -> file(file, templates));
    }

    private static DynamicNode file(Path file, TemplateSource templates) {
        List<PolicyTestResult> results;
        try {
            results = PolicyTestRunner.run(file, templates);
        } catch (PolicyException e) {
            return dynamicTest(file + " loads", file.toUri(), () -> fail(e.getMessage()));
        }
        Map<String, List<PolicyTestResult>> byCase = new LinkedHashMap<>();
        results.forEach(r -> byCase.computeIfAbsent(r.caseName(), c -> new java.util.ArrayList<>()).add(r));
        return dynamicContainer(file.toString(), file.toUri(), byCase.entrySet().stream()
                .map(c -> dynamicContainer(c.getKey(), c.getValue().stream().map(PolicyFilesTest::expectation))));
    }

    private static DynamicNode expectation(PolicyTestResult result) {
        PolicyTestSuite.Expectation e = result.expectation();
        String name = (e.allowed() ? "allow " : "deny ") + e.describeTarget() + " (line " + e.location().line() + ")";
        return dynamicTest(name, source(e.location()), () -> assertTrue(result.passed(), result::render));
    }

    /** A file URI with line and column, which IDEs and JUnit reports turn into a link. */
    private static URI source(SourceLocation location) {
        return URI.create(Path.of(location.file()).toUri() + "?line=" + location.line() + "&column=" + location.column());
    }
}
