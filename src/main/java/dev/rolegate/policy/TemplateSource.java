package dev.rolegate.policy;

import dev.rolegate.engine.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where templates are found by name: the ones shipped in the jar ({@link TemplateCatalog}) or
 * a directory of template files ({@link #directory}), as a command line validating a checkout
 * uses.
 */
@FunctionalInterface
public interface TemplateSource {

    /**
     * The template with this name.
     *
     * @return empty when there is none (including for a name that is no valid {@link Names name})
     * @throws PolicyException when the template exists but is invalid
     */
    Optional<Template> find(String name);

    /**
     * Templates read from {@code dir/<name>.yaml} on every call (no caching: a command line reads
     * each once). Names that are not valid {@link Names names} never reach the file system, so
     * {@code ../x} cannot escape the directory. Thread safe.
     */
    static TemplateSource directory(Path dir) {
        return name -> {
            if (!Names.isName(name)) {
                return Optional.empty();
            }
            Path file = dir.resolve(name + TemplateLoader.EXTENSION);
            return Files.isRegularFile(file) ? Optional.of(TemplateLoader.load(file)) : Optional.empty();
        };
    }
}
