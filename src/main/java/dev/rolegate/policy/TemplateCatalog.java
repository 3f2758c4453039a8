package dev.rolegate.policy;

import dev.rolegate.engine.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The templates shipped on the classpath under {@code policies/templates/} (packaged from the
 * top-level {@code policies/templates/} folder).
 *
 * <p>A jar cannot be listed portably, so the folder holds an index, {@code index.txt}: one
 * template name per line, blank lines and {@code #} comments ignored; a test keeps it equal to
 * the folder's {@code *.yaml} files. The constructor loads and validates every listed template
 * at once, so a broken template fails at start-up, not at the first account creation. After
 * that the catalog is immutable and thread safe; the service wraps one instance.
 */
public final class TemplateCatalog implements TemplateSource {

    /** The classpath folder of templates, with its trailing slash. */
    public static final String RESOURCE_DIR = "policies/templates/";
    /** The file name of the index in a templates folder. */
    public static final String INDEX_FILE = "index.txt";
    /** The classpath resource listing the shipped template names. */
    public static final String INDEX = RESOURCE_DIR + INDEX_FILE;

    private final Map<String, Template> templates;

    /**
     * Loads every template listed in the index through {@code loader}.
     *
     * @throws PolicyException with every problem of the index and of every listed template:
     *                         a missing index or template is {@code missing_template}, an index
     *                         line that is no valid name is {@code invalid_name}
     */
    public TemplateCatalog(ClassLoader loader) {
        Problems problems = new Problems(INDEX);
        Map<String, Template> loaded = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        for (IndexLine line : readIndex(loader, problems)) {
            String resource = RESOURCE_DIR + line.name() + TemplateLoader.EXTENSION;
            if (checkLine(line, listed, problems, () -> loader.getResource(resource) != null,
                    resource + " is not on the classpath")) {
                try {
                    loaded.put(line.name(), TemplateLoader.loadResource(loader, resource));
                } catch (PolicyException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        problems.throwIfAny();
        this.templates = Collections.unmodifiableMap(loaded);
    }

    /** The catalog seen by this class's class loader: the templates in the application jar. */
    public static TemplateCatalog shipped() {
        return new TemplateCatalog(TemplateCatalog.class.getClassLoader());
    }

    /** The template names, in index order. */
    public List<String> names() {
        return List.copyOf(templates.keySet());
    }

    /** The template with this name; empty for an unknown (or malformed) name. Never throws. */
    @Override
    public Optional<Template> find(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    private record IndexLine(String name, SourceLocation location) {
    }

    /**
     * Checks a folder of template files against its {@code index.txt} as the jar will see them:
     * every line a valid name, listed once ({@code invalid_name}, {@code duplicate_entry}), with a
     * {@code <name>.yaml} in the folder ({@code missing_template}), and every {@code *.yaml} of the
     * folder listed ({@code unlisted_template}: the jar would not find it). The templates' own
     * contents are not loaded. Problems name the index as {@code templatesDir.resolve("index.txt")}
     * and are sorted by line.
     *
     * @return the problems, empty when the index and the folder agree or there is no index
     * @throws UncheckedIOException when the folder cannot be listed
     */
    public static List<PolicyProblem> checkIndex(Path templatesDir) {
        Path index = templatesDir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            return List.of();
        }
        Problems problems = new Problems(index.toString());
        Set<String> listed = new HashSet<>();
        try (InputStream in = Files.newInputStream(index)) {
            for (IndexLine line : readIndex(in, problems)) {
                Path file = templatesDir.resolve(line.name() + TemplateLoader.EXTENSION);
                checkLine(line, listed, problems, () -> Files.isRegularFile(file),
                        file + " does not exist");
            }
        } catch (IOException e) {
            problems.add(problems.start(), "unreadable", "cannot read the template index: " + e.getMessage());
        }
        try (Stream<Path> files = Files.list(templatesDir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(TemplateLoader.EXTENSION)).sorted()
                    .map(f -> f.substring(0, f.length() - TemplateLoader.EXTENSION.length()))
                    .filter(name -> !listed.contains(name))
                    .forEach(name -> problems.add(problems.start(), "unlisted_template", "template file " + name
                            + TemplateLoader.EXTENSION + " is not listed in " + INDEX_FILE + ", so the jar would not ship it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems.sorted();
    }

    /**
     * Reports an index line that is no valid name, repeats an earlier line, or names a template
     * that does not {@code exist} ({@code missing} says where it was looked for).
     *
     * @return true when the line names a valid template listed for the first time that exists
     */
    private static boolean checkLine(IndexLine line, Set<String> listed, Problems problems, BooleanSupplier exists,
            String missing) {
        if (!Names.isName(line.name())) {
            problems.add(line.location(), "invalid_name", TemplateLoader.nameRule("template name", line.name()));
        } else if (!listed.add(line.name())) {
            problems.add(line.location(), "duplicate_entry", "template '" + line.name() + "' is listed twice");
        } else if (!exists.getAsBoolean()) { // asked last: an invalid name never reaches a lookup
            problems.add(line.location(), "missing_template", "template '" + line.name() + "' is listed but " + missing);
        } else {
            return true;
        }
        return false;
    }

    private static List<IndexLine> readIndex(ClassLoader loader, Problems problems) {
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                problems.add(problems.start(), "missing_template", "no template index on the classpath");
                return List.of();
            }
            return readIndex(in, problems);
        } catch (IOException e) {
            problems.add(problems.start(), "unreadable", "cannot read the template index: " + e.getMessage());
            return List.of();
        }
    }

    /** The index's names, {@code #} comments and blank lines skipped, each at its line and column. */
    private static List<IndexLine> readIndex(InputStream in, Problems problems) throws IOException {
        List<IndexLine> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String raw;
        int number = 0;
        while ((raw = reader.readLine()) != null) {
            number++;
            int hash = raw.indexOf('#');
            String name = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (!name.isEmpty()) {
                lines.add(new IndexLine(name, new SourceLocation(problems.file(), number, raw.indexOf(name) + 1)));
            }
        }
        return lines;
    }
}
