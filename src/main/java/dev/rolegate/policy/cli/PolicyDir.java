package dev.rolegate.policy.cli;

import dev.rolegate.policy.PolicyTestRunner;
import dev.rolegate.policy.TemplateLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The folder a command was given, in one of two shapes: a policies folder like the repository's
 * {@code policies/} ({@code templates/} and optionally {@code tests/}), or, when it has neither,
 * a flat folder of template files. Paths keep the form they were given in (relative stays
 * relative), so messages point at {@code policies/templates/x.yaml:3:5}.
 *
 * @param root      the folder as given
 * @param templates where the templates are: {@code root/templates}, or {@code root} when flat
 * @param tests     {@code root/tests} when the folder has one
 */
record PolicyDir(Path root, Path templates, Optional<Path> tests) {

    /**
     * Opens the folder a command names.
     *
     * @throws ParameterException (exit 2) when it does not exist, is no folder or is unreadable
     */
    static PolicyDir open(Path root, CommandLine cmd) {
        if (!Files.exists(root)) {
            throw new ParameterException(cmd, "no such folder: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new ParameterException(cmd, "not a folder: " + root);
        }
        if (!Files.isReadable(root)) {
            throw new ParameterException(cmd, "cannot read folder: " + root);
        }
        Path templates = root.resolve(PolicyTestRunner.TEMPLATES_DIR);
        Path tests = root.resolve(PolicyTestRunner.TESTS_DIR);
        boolean shaped = Files.isDirectory(templates) || Files.isDirectory(tests);
        return new PolicyDir(root, shaped ? templates : root,
                Files.isDirectory(tests) ? Optional.of(tests) : Optional.empty());
    }

    /** The template files, {@code *.yaml} of {@link #templates()}, sorted; empty when there is no such folder. */
    List<Path> templateFiles() {
        if (!Files.isDirectory(templates)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(templates)) {
            return files.filter(f -> f.getFileName().toString().endsWith(TemplateLoader.EXTENSION))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy tests files, {@code *.yaml} of {@link #tests()}, sorted; empty without a tests folder. */
    List<Path> testFiles() {
        return tests.isPresent() ? PolicyTestRunner.testFiles(root) : List.of();
    }
}
