package dev.rolegate.policy.cli;

import dev.rolegate.policy.PolicyException;
import dev.rolegate.policy.Template;
import dev.rolegate.policy.TemplateLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The two inputs of {@code diff} and {@code plan}: a template file and an account export, read
 * and checked the same way for both.
 *
 * @param template the loaded template
 * @param export   the read export
 */
record TemplateAndExport(Template template, AccountExport export) {

    /**
     * Reads both files; problems are printed on {@code err}.
     *
     * @return the inputs, or null when the template is invalid or the export unreadable (exit {@link PolicyCommand#USAGE})
     * @throws ParameterException when a file does not exist
     */
    static TemplateAndExport read(CommandLine command, Path templateFile, Path exportFile, PrintWriter err) {
        for (Path file : List.of(templateFile, exportFile)) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new ParameterException(command, "no such file: " + file);
            }
        }
        Template template;
        try {
            template = TemplateLoader.load(templateFile);
        } catch (PolicyException e) {
            e.problems().forEach(p -> err.println(Finding.error(p).text()));
            err.println("error: the template is invalid; fix it first ('policy validate' reports the same)");
            return null;
        }
        try {
            return new TemplateAndExport(template, AccountExport.read(exportFile));
        } catch (AccountExport.InvalidExportException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
    }

    /** The two positional arguments of both commands, as a picocli mixin. */
    static final class Files {
        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "A template file (templates/<name>.yaml).")
        Path templateFile;

        @Parameters(index = "1", paramLabel = "ACCOUNT-EXPORT", description = "An account export (JSON).")
        Path exportFile;

        /** {@link TemplateAndExport#read} of these files. */
        TemplateAndExport read(CommandLine command, PrintWriter err) {
            return TemplateAndExport.read(command, templateFile, exportFile, err);
        }
    }

    /** "account ID at revision N", as both commands name the export. */
    String accountLabel() {
        return "account " + (export.account().isEmpty() ? "(unnamed)" : export.account())
                + export.revision().stream().mapToObj(r -> " at revision " + r).findFirst().orElse("");
    }
}
