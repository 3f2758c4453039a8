package dev.rolegate.policy;

import dev.rolegate.engine.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    /** The classpath resource listing the shipped template names. */
    public static final String INDEX = RESOURCE_DIR + "index.txt";

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
        for (IndexLine line : readIndex(loader, problems)) {
            if (!Names.isName(line.name())) {
                problems.add(line.location(), "invalid_name", TemplateLoader.nameRule("template name", line.name()));
            } else if (loaded.containsKey(line.name())) {
                problems.add(line.location(), "duplicate_entry", "template '" + line.name() + "' is listed twice");
            } else if (loader.getResource(RESOURCE_DIR + line.name() + TemplateLoader.EXTENSION) == null) {
                problems.add(line.location(), "missing_template", "template '" + line.name() + "' is listed but "
                        + RESOURCE_DIR + line.name() + TemplateLoader.EXTENSION + " is not on the classpath");
            } else {
                try {
                    loaded.put(line.name(), TemplateLoader.loadResource(loader,
                            RESOURCE_DIR + line.name() + TemplateLoader.EXTENSION));
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

    private static List<IndexLine> readIndex(ClassLoader loader, Problems problems) {
        List<IndexLine> lines = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                problems.add(problems.start(), "missing_template", "no template index on the classpath");
                return lines;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String raw;
            int number = 0;
            while ((raw = reader.readLine()) != null) {
                number++;
                int hash = raw.indexOf('#');
                String name = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
                if (!name.isEmpty()) {
                    lines.add(new IndexLine(name, new SourceLocation(INDEX, number, raw.indexOf(name) + 1)));
                }
            }
        } catch (IOException e) {
            problems.add(problems.start(), "unreadable", "cannot read the template index: " + e.getMessage());
        }
        return lines;
    }
}
