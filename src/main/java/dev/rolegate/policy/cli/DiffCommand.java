package dev.rolegate.policy.cli;

import dev.rolegate.policy.Template;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy diff TEMPLATE ACCOUNT-EXPORT}: compares a template file's permissions and roles
 * with the {@code catalog} of an account export ({@link AccountExport}), as changes from the
 * template to the account ({@link CatalogDiff}): has the account drifted from the template it
 * was created from, or what would applying a new template version change. The built-in
 * {@code rbac.*} permissions are left out on both sides.
 */
@Command(name = "diff",
        description = "Compare a template's permissions and roles with the catalog of an account export "
                + "(GET /v1/accounts/{account}/export). '+' is only in the account, '-' only in the template, "
                + "'~' differs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the catalogs are equal", "1:they differ",
            "2:the command could not run (bad arguments, unreadable files, an invalid template or export)"})
final class DiffCommand implements Callable<Integer> {

    /** The formats of {@code diff}: a difference has no file:line to annotate. */
    enum DiffFormat { text, json }

    @Mixin
    PolicyCommand.HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    TemplateAndExport.Files files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    DiffFormat format;

    @Option(names = "--ignore-descriptions", description = "Compare names, operations, grants and inherited roles only.")
    boolean ignoreDescriptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TemplateAndExport inputs = files.read(spec.commandLine(), err);
        if (inputs == null) {
            return PolicyCommand.USAGE;
        }
        Template template = inputs.template();
        AccountExport export = inputs.export();
        List<CatalogChange> changes = CatalogDiff.compare(Catalog.of(template), export.catalog(), !ignoreDescriptions);
        Map<String, Map<String, Long>> summary = CatalogDiff.summary(changes);
        String account = inputs.accountLabel();
        if (format == DiffFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("equal", changes.isEmpty());
            json.put("template", Map.of("name", template.name(), "file", files.templateFile.toString()));
            Map<String, Object> accountJson = new LinkedHashMap<>();
            accountJson.put("id", export.account());
            export.revision().ifPresent(r -> accountJson.put("revision", r));
            accountJson.put("file", files.exportFile.toString());
            json.put("account", accountJson);
            json.put("summary", summary);
            json.put("changes", changes.stream().map(CatalogChange::json).toList());
            out.println(Report.json(json));
        } else {
            out.println("--- template " + template.name() + " (" + files.templateFile + ")");
            out.println("+++ " + account + " (" + files.exportFile + ")");
            changes.forEach(c -> c.lines().forEach(out::println));
            out.println(changes.isEmpty() ? "no differences" : "differences: " + summary.entrySet().stream()
                    .map(kind -> kind.getKey() + " " + kind.getValue().entrySet().stream()
                            .map(n -> n.getValue() + " " + n.getKey()).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; ")));
        }
        out.flush();
        return changes.isEmpty() ? PolicyCommand.OK : PolicyCommand.FINDINGS;
    }
}
