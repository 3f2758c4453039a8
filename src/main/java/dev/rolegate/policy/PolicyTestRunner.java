package dev.rolegate.policy;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.ModelException;
import dev.rolegate.engine.Snapshot;
import dev.rolegate.engine.SnapshotCompiler;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs policy tests on the engine: the template is compiled into one snapshot with one
 * synthetic user per case ({@code case-1}, {@code case-2}, …, active, holding exactly the case's
 * roles through manual assignments that are always in force), and every expectation becomes one
 * {@link dev.rolegate.engine.Snapshot#check check} at {@link #CHECK_TIME}.
 *
 * <p>Used by the JUnit suite over {@code policies/tests/} and by the {@code policy test} command
 * line. Stateless and thread safe.
 */
public final class PolicyTestRunner {

    /** Policy tests state no validity windows, so the instant only has to be fixed. */
    public static final Instant CHECK_TIME = Instant.parse("2025-01-01T00:00:00Z");
    /** The folder of tests files inside a policies folder. */
    public static final String TESTS_DIR = "tests";
    /** The folder of templates inside a policies folder. */
    public static final String TEMPLATES_DIR = "templates";

    private PolicyTestRunner() {
    }

    /**
     * Runs every expectation of a suite.
     *
     * @return one result per expectation, in file order (failures included, never thrown)
     * @throws PolicyException when the engine refuses the template (located at the file's
     *                         {@code template:} line); the loader's checks make this unexpected
     */
    public static List<PolicyTestResult> run(PolicyTestSuite suite) {
        Snapshot snapshot;
        try {
            snapshot = SnapshotCompiler.compile(model(suite));
        } catch (ModelException e) {
            throw new PolicyException(e.problems().stream()
                    .map(p -> PolicyProblem.at(suite.templateLocation(), "invalid_template",
                            "the engine refuses template '" + suite.template().name() + "': " + p.message()))
                    .toList());
        }
        List<PolicyTestResult> results = new ArrayList<>();
        for (int i = 0; i < suite.cases().size(); i++) {
            PolicyTestSuite.Case testCase = suite.cases().get(i);
            String subject = subject(i);
            for (PolicyTestSuite.Expectation expectation : testCase.expectations()) {
                results.add(new PolicyTestResult(testCase.name(), expectation,
                        snapshot.check(subject, expectation.target(), CHECK_TIME)));
            }
        }
        return results;
    }

    /**
     * Loads a tests file, binds it to its template from {@code templates}, and runs it.
     *
     * @throws PolicyException when the file or its template is invalid
     */
    public static List<PolicyTestResult> run(Path testsFile, TemplateSource templates) {
        return run(PolicyTestLoader.load(testsFile, templates));
    }

    /**
     * The tests files of a policies folder: {@code dir/tests/*.yaml}, sorted by name; empty when
     * there is no {@code tests} folder. Templates for them come from
     * {@code TemplateSource.directory(dir.resolve(TEMPLATES_DIR))}.
     *
     * @throws UncheckedIOException when the folder cannot be listed
     */
    public static List<Path> testFiles(Path policiesDir) {
        Path tests = policiesDir.resolve(TESTS_DIR);
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tests)) {
            return files.filter(f -> f.getFileName().toString().endsWith(TemplateLoader.EXTENSION))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The synthetic user of the case at {@code index} (0-based). */
    static String subject(int index) {
        return "case-" + (index + 1);
    }

    /** The template plus one active user per case holding the case's roles. */
    static AccountModel model(PolicyTestSuite suite) {
        List<UserDef> users = new ArrayList<>();
        List<AssignmentDef> assignments = new ArrayList<>();
        for (int i = 0; i < suite.cases().size(); i++) {
            String subject = subject(i);
            users.add(new UserDef(subject, true));
            for (String role : suite.cases().get(i).roles()) {
                assignments.add(new AssignmentDef(AssigneeKind.USER, subject, role, AssignmentSource.MANUAL,
                        Validity.ALWAYS));
            }
        }
        Template template = suite.template();
        return new AccountModel("policy-test:" + template.name(), 1, template.permissions(), template.roles(),
                users, List.of(), assignments);
    }
}
