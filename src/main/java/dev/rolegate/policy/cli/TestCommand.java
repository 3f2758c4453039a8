package dev.rolegate.policy.cli;

import dev.rolegate.engine.Target;
import dev.rolegate.policy.PolicyException;
import dev.rolegate.policy.PolicyTestLoader;
import dev.rolegate.policy.PolicyTestResult;
import dev.rolegate.policy.PolicyTestRunner;
import dev.rolegate.policy.PolicyTestSuite;
import dev.rolegate.policy.TemplateSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy test DIR}: runs every policy tests file of {@code DIR/tests/} against the
 * templates of {@code DIR/templates/} on the decision engine ({@link PolicyTestRunner}) and
 * reports every expectation that came out differently, at the {@code file:line:column} of the
 * list item that states it, with the case's name and line, what was expected and what the
 * engine decided (and why). A tests file that does not load reports its problems as
 * {@code validate} would, and fails the run.
 */
@Command(name = "test",
        description = "Run the policy tests of DIR/tests against the templates of DIR/templates; print each "
                + "expectation that failed as file:line:column: error: case '...' (line N, roles [...]): ... [test_failed].",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case passed", "1:a case failed or a tests file has problems",
            "2:the command could not run (bad arguments, DIR missing or unreadable, no tests)"})
final class TestCommand implements Callable<Integer> {

    /** The code of a failed expectation. */
    static final String TEST_FAILED = "test_failed";

    @Mixin
    PolicyCommand.HelpOption help;

    @Mixin
    PolicyCommand.FormatOption output;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A policies folder with tests/ and templates/.")
    Path dir;

    @Override
    public Integer call() {
        PolicyDir policies = PolicyDir.open(dir, spec.commandLine());
        if (policies.tests().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no tests folder: " + dir.resolve(PolicyTestRunner.TESTS_DIR));
        }
        List<Path> files = policies.testFiles();
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no policy tests (*.yaml) in " + policies.tests().get());
        }
        TemplateSource templates = TemplateSource.directory(policies.templates());
        Set<Finding> findings = new LinkedHashSet<>();
        int cases = 0;
        int failedCases = 0;
        int checks = 0;
        int failedChecks = 0;
        int unloaded = 0;
        for (Path file : files) {
            try {
                PolicyTestSuite suite = PolicyTestLoader.load(file, templates);
                Map<String, PolicyTestSuite.Case> byName = new HashMap<>();
                suite.cases().forEach(c -> byName.put(c.name(), c));
                Set<String> failed = new LinkedHashSet<>();
                for (PolicyTestResult result : PolicyTestRunner.run(suite)) {
                    checks++;
                    if (!result.passed()) {
                        failedChecks++;
                        failed.add(result.caseName());
                        findings.add(failure(result, byName.get(result.caseName())));
                    }
                }
                cases += suite.cases().size();
                failedCases += failed.size();
            } catch (PolicyException e) {
                unloaded++;
                e.problems().forEach(p -> findings.add(Finding.error(p)));
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("testsFiles", files.size());
        counts.put("testsFilesNotLoaded", unloaded);
        counts.put("cases", cases);
        counts.put("failedCases", failedCases);
        counts.put("checks", checks);
        counts.put("failedChecks", failedChecks);
        String summary = Report.count(cases, "case") + ", " + failedCases + " failed (" + Report.count(checks, "check")
                + ", " + failedChecks + " failed)"
                + (unloaded == 0 ? "" : "; " + unloaded + " of " + Report.count(files.size(), "tests file")
                        + " did not load");
        return Report.print(spec.commandLine().getOut(), output.format, new ArrayList<>(findings), counts, summary);
    }

    private static Finding failure(PolicyTestResult result, PolicyTestSuite.Case testCase) {
        PolicyTestSuite.Expectation expectation = result.expectation();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("case", result.caseName());
        details.put("caseLine", testCase.location().line());
        details.put("roles", testCase.roles());
        details.put("target", expectation.target() instanceof Target.Operation
                ? "operation" : "permission");
        details.put("name", expectation.target().name());
        details.put("expected", expectation.allowed() ? "allow" : "deny");
        details.put("actual", result.actual().allowed() ? "allow" : "deny");
        details.put("reason", result.actual().reason().code());
        details.put("missing", result.actual().missing());
        return new Finding(result.location(), Finding.ERROR, TEST_FAILED,
                "case '" + result.caseName() + "' (line " + testCase.location().line() + ", roles ["
                        + String.join(", ", testCase.roles()) + "]): " + result.outcome(), details);
    }
}
