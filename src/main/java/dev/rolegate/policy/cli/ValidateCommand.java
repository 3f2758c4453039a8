package dev.rolegate.policy.cli;

import dev.rolegate.policy.PolicyException;
import dev.rolegate.policy.PolicyTestLoader;
import dev.rolegate.policy.Template;
import dev.rolegate.policy.TemplateCatalog;
import dev.rolegate.policy.TemplateLoader;
import dev.rolegate.policy.TemplateSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code policy validate DIR}: loads every template ({@code DIR/templates/*.yaml}, or
 * {@code DIR/*.yaml} for a flat folder), the template index ({@code index.txt}) when there is
 * one, and every policy tests file ({@code DIR/tests/*.yaml}) against those templates, and
 * reports every problem at {@code file:line:column} (codes in {@code policies/README.md}).
 * Warnings ({@code wildcard_matches_nothing}) are printed but pass. Runs no test case:
 * {@code policy test} does.
 */
@Command(name = "validate",
        description = "Check every template and policy tests file under DIR; print each problem as "
                + "file:line:column: error: message [code].",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid (warnings may be printed)", "1:at least one error",
            "2:the command could not run (bad arguments, DIR missing or unreadable, no policy files)"})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    PolicyCommand.HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A policies folder (templates/, tests/) or a folder of templates.")
    Path dir;

    @Mixin
    PolicyCommand.FormatOption output;

    @Override
    public Integer call() {
        PolicyDir policies = PolicyDir.open(dir, spec.commandLine());
        List<Path> templates = policies.templateFiles();
        List<Path> tests = policies.testFiles();
        if (templates.isEmpty() && tests.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no policy files (*.yaml) in " + policies.templates()
                    + policies.tests().map(t -> " or " + t).orElse(""));
        }
        // A set: a tests file whose template is broken repeats the template's problems.
        Set<Finding> findings = new LinkedHashSet<>();
        TemplateCatalog.checkIndex(policies.templates()).forEach(p -> findings.add(Finding.error(p)));
        for (Path file : templates) {
            try {
                Template template = TemplateLoader.load(file);
                template.warnings().forEach(p -> findings.add(Finding.warning(p)));
            } catch (PolicyException e) {
                e.problems().forEach(p -> findings.add(Finding.error(p)));
            }
        }
        TemplateSource source = TemplateSource.directory(policies.templates());
        for (Path file : tests) {
            try {
                PolicyTestLoader.load(file, source);
            } catch (PolicyException e) {
                e.problems().forEach(p -> findings.add(Finding.error(p)));
            }
        }
        List<Finding> all = new ArrayList<>(findings);
        long errors = all.stream().filter(Finding::isError).count();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("templates", templates.size());
        counts.put("testsFiles", tests.size());
        counts.put("errors", errors);
        counts.put("warnings", all.size() - errors);
        String summary = Report.count(templates.size(), "template") + ", " + Report.count(tests.size(), "tests file")
                + ": " + Report.count(errors, "error") + ", " + Report.count(all.size() - errors, "warning");
        return Report.print(spec.commandLine().getOut(), output.format, all, counts, summary);
    }
}
