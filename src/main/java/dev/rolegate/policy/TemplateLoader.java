package dev.rolegate.policy;

import dev.rolegate.engine.Names;
import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import dev.rolegate.engine.RoleGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads a template file ({@code policies/templates/<name>.yaml}, format in
 * {@code policies/README.md}) into a {@link Template}, validating it on its own: YAML syntax,
 * keys, types, names ({@link Names}), duplicate keys, grants of undeclared permissions,
 * inheritance of undeclared roles, inheritance cycles ({@link RoleGraph#findCycle}) and the
 * template name against the file name. Hostile input is refused: files over 1 MiB, more than 16
 * aliases, nesting deeper than 32.
 *
 * <p>Every method either returns a valid template or throws a {@link PolicyException} with
 * all problems found, each located at {@code file:line:column}. A wildcard grant that covers no
 * declared permission is not an error but a {@code wildcard_matches_nothing} warning on
 * {@link Template#warnings()}. Stateless and thread safe.
 */
public final class TemplateLoader {

    /** The extension of template files; the template name is the file name without it. */
    public static final String EXTENSION = ".yaml";

    private static final List<String> TOP_KEYS = List.of("template", "description", "permissions", "roles");
    private static final List<String> PERMISSION_KEYS = List.of("description", "operations");
    private static final List<String> ROLE_KEYS = List.of("description", "grants", "inherits");

    private TemplateLoader() {
    }

    /**
     * Loads a template file. Its name in messages is {@code file.toString()}; the template name
     * must equal the file name without {@code .yaml}.
     *
     * @throws PolicyException with every problem (an unreadable file is one, too)
     */
    public static Template load(Path file) {
        Problems problems = new Problems(file.toString());
        Optional<String> text = PolicyYaml.read(file, problems);
        problems.throwIfAny();
        return parse(problems, text.orElseThrow(), false);
    }

    /**
     * Loads a template from the classpath (the jar), e.g.
     * {@code policies/templates/saas-analytics.yaml}, with this class's class loader. The
     * resource name is the file name in messages.
     *
     * @throws PolicyException with every problem ({@code unreadable} when there is no such resource)
     */
    public static Template loadResource(String resource) {
        return loadResource(TemplateLoader.class.getClassLoader(), resource);
    }

    /** Like {@link #loadResource(String)} with the given class loader. */
    public static Template loadResource(ClassLoader loader, String resource) {
        return loadResource(loader, resource, false);
    }

    /**
     * Loads the built-in {@code rbac.*} catalog ({@link AdminCatalog#RESOURCE}) in the template
     * format: unlike a template it declares only names under {@link AdminCatalog#PREFIX}
     * ({@code reserved_name} otherwise), no roles, and is not merged with itself.
     *
     * @throws PolicyException with every problem
     */
    static Template loadBuiltIn(ClassLoader loader, String resource) {
        return loadResource(loader, resource, true);
    }

    private static Template loadResource(ClassLoader loader, String resource, boolean builtIn) {
        Problems problems = new Problems(resource);
        Optional<String> text = Optional.empty();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                problems.add(problems.start(), "unreadable", "no such resource on the classpath");
            } else {
                text = PolicyYaml.read(in, problems);
            }
        } catch (IOException e) {
            problems.add(problems.start(), "unreadable", "cannot read the resource: " + e.getMessage());
        }
        problems.throwIfAny();
        return parse(problems, text.orElseThrow(), builtIn);
    }

    /**
     * Parses template text, e.g. an upload. {@code file} names it in messages and its last path
     * segment without {@code .yaml} is the expected template name.
     *
     * @throws PolicyException with every problem
     */
    public static Template parse(String file, String yaml) {
        Problems problems = new Problems(file);
        Optional<String> text = PolicyYaml.checkSize(yaml, problems);
        problems.throwIfAny();
        return parse(problems, text.orElseThrow(), false);
    }

    /** The template name a file label stands for: its last path segment without {@code .yaml}. */
    static String expectedName(String file) {
        String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return base.endsWith(EXTENSION) ? base.substring(0, base.length() - EXTENSION.length()) : base;
    }

    private static Template parse(Problems problems, String text, boolean builtIn) {
        Optional<Node> root = PolicyYaml.compose(text, problems);
        problems.throwIfAny();
        Template template = new Builder(new PolicyNodes(problems), builtIn).build(root.orElseThrow());
        problems.throwIfAny();
        return template;
    }

    /** One load's state; the maps keep file order. */
    private static final class Builder {
        private final PolicyNodes nodes;
        private final Problems problems;
        /** Loading the built-in catalog itself: only reserved names, no roles, nothing merged in. */
        private final boolean builtIn;
        private final List<PolicyProblem> warnings = new ArrayList<>();
        private final Map<String, PermissionDef> permissions = new LinkedHashMap<>();
        private final Map<String, String> permissionDescriptions = new LinkedHashMap<>();
        private final Map<String, RoleDef> roles = new LinkedHashMap<>();
        private final Map<String, String> roleDescriptions = new LinkedHashMap<>();
        /** role → inherited role → the list item naming it, to locate unknown roles and cycles. */
        private final Map<String, Map<String, ScalarNode>> inheritNodes = new LinkedHashMap<>();
        /** role → grant → the list item naming it. */
        private final Map<String, Map<String, ScalarNode>> grantNodes = new LinkedHashMap<>();

        Builder(PolicyNodes nodes, boolean builtIn) {
            this.nodes = nodes;
            this.problems = nodes.problems();
            this.builtIn = builtIn;
        }

        Template build(Node root) {
            Map<String, PolicyNodes.Entry> top = nodes.mapping(root, "a template", false).orElse(null);
            if (top == null) {
                return null;
            }
            nodes.onlyKeys(top, "the template", TOP_KEYS);
            String name = templateName(root, top);
            String description = nodes.description(top.get("description"), "the template's description");
            if (nodes.require(top, root, "permissions", "a template")) {
                nodes.mapping(top.get("permissions").value(), "'permissions'", true)
                        .ifPresent(map -> map.values().forEach(this::permission));
            }
            // every account carries the built-in admin catalog, so every template holds (and may grant) it
            for (PermissionDef catalog : builtIn ? List.<PermissionDef>of() : AdminCatalog.definitions()) {
                permissions.putIfAbsent(catalog.name(), catalog);
                permissionDescriptions.putIfAbsent(catalog.name(), AdminCatalog.DESCRIPTIONS.get(catalog.name()));
            }
            if (nodes.require(top, root, "roles", "a template")) {
                nodes.mapping(top.get("roles").value(), "'roles'", true)
                        .ifPresent(map -> map.values().forEach(this::role));
            }
            // Cross-references only once every permission and role is known.
            grantNodes.forEach(this::checkGrants);
            inheritNodes.forEach(this::checkInherits);
            checkCycles();
            if (!problems.isEmpty()) {
                return null;
            }
            return new Template(name, description, List.copyOf(permissions.values()), List.copyOf(roles.values()),
                    permissionDescriptions, roleDescriptions, warnings);
        }

        private String templateName(Node root, Map<String, PolicyNodes.Entry> top) {
            if (!nodes.require(top, root, "template", "a template")) {
                return "";
            }
            Node value = top.get("template").value();
            String name = nodes.text(value, "'template'").orElse("");
            String expected = expectedName(problems.file());
            if (!name.isEmpty() && !name.equals(expected)) {
                problems.add(value, "template_name_mismatch", "the template is named '" + name
                        + "' but its file is '" + expected + TemplateLoader.EXTENSION
                        + "'; the two must agree");
            } else if (!name.isEmpty() && !Names.isName(name)) {
                problems.add(value, "invalid_name", nameRule("template name", name));
            }
            return name;
        }

        private void permission(PolicyNodes.Entry entry) {
            String name = entry.key();
            if (!Names.isName(name)) {
                problems.add(entry.keyNode(), "invalid_name", nameRule("permission name", name));
            } else if (!builtIn && AdminCatalog.reserved(name)) {
                problems.add(entry.keyNode(), "reserved_name", "permission '" + name + "' is in the built-in "
                        + AdminCatalog.PREFIX + "* catalog, which every account already holds; grant it, do not declare it");
            } else if (builtIn && !AdminCatalog.reserved(name)) {
                problems.add(entry.keyNode(), "reserved_name", "the built-in catalog declares only names under "
                        + AdminCatalog.PREFIX + ", not '" + name + "'");
            }
            String what = "permission '" + name + "'";
            Map<String, PolicyNodes.Entry> body = nodes.mapping(entry.value(), what, true).orElse(Map.of());
            nodes.onlyKeys(body, what, PERMISSION_KEYS);
            List<String> operations = new ArrayList<>();
            PolicyNodes.Entry ops = body.get("operations");
            if (ops != null) {
                String listName = "the operations of " + what;
                nodes.scalarList(ops.value(), listName).map(items -> nodes.distinct(items, listName))
                        .ifPresent(items -> items.forEach(item -> {
                            if (builtIn && Names.isName(item.getValue()) && !AdminCatalog.reserved(item.getValue())) {
                                problems.add(item, "reserved_name", "the built-in catalog declares only operations under "
                                        + AdminCatalog.PREFIX + ", not '" + item.getValue() + "'");
                            } else if (Names.isName(item.getValue())) {
                                operations.add(item.getValue());
                            } else {
                                problems.add(item, "invalid_name", nameRule("operation name", item.getValue()));
                            }
                        }));
            }
            // Declared even when invalid, so a grant of it is not also reported as unknown.
            permissions.put(name, new PermissionDef(name, operations));
            permissionDescriptions.put(name, nodes.description(body.get("description"), "the description of " + what));
        }

        private void role(PolicyNodes.Entry entry) {
            String name = entry.key();
            if (builtIn) {
                problems.add(entry.keyNode(), "unknown_key", "the built-in catalog declares no roles ('roles: {}')");
            } else if (!Names.isName(name)) {
                problems.add(entry.keyNode(), "invalid_name", nameRule("role name", name));
            }
            String what = "role '" + name + "'";
            Map<String, PolicyNodes.Entry> body = nodes.mapping(entry.value(), what, true).orElse(Map.of());
            nodes.onlyKeys(body, what, ROLE_KEYS);
            Map<String, ScalarNode> grants = items(body.get("grants"), "the grants of " + what);
            Map<String, ScalarNode> inherits = items(body.get("inherits"), "the inherited roles of " + what);
            grantNodes.put(name, grants);
            inheritNodes.put(name, inherits);
            roles.put(name, new RoleDef(name, List.copyOf(grants.keySet()), List.copyOf(inherits.keySet())));
            roleDescriptions.put(name, nodes.description(body.get("description"), "the description of " + what));
        }

        private Map<String, ScalarNode> items(PolicyNodes.Entry entry, String what) {
            Map<String, ScalarNode> items = new LinkedHashMap<>();
            if (entry != null) {
                nodes.scalarList(entry.value(), what).map(list -> nodes.distinct(list, what))
                        .ifPresent(list -> list.forEach(item -> items.put(item.getValue(), item)));
            }
            return items;
        }

        private void checkGrants(String role, Map<String, ScalarNode> grants) {
            grants.forEach((grant, node) -> {
                if (!Names.isGrant(grant)) {
                    problems.add(node, "invalid_name", "grant '" + grant + "' of role '" + role
                            + "' is not a permission name, 'prefix.*' or '*'");
                } else if (Names.isWildcard(grant)) {
                    if (permissions.keySet().stream().noneMatch(p -> Names.grantCovers(grant, p))) {
                        warnings.add(PolicyProblem.at(problems.at(node), "wildcard_matches_nothing",
                                "grant '" + grant + "' of role '" + role + "' covers no declared permission"));
                    }
                } else if (!permissions.containsKey(grant)) {
                    problems.add(node, "unknown_permission", "role '" + role + "' grants unknown permission '"
                            + grant + "'" + PolicyNodes.suggestion(grant, permissions.keySet()));
                }
            });
        }

        private void checkInherits(String role, Map<String, ScalarNode> inherits) {
            inherits.forEach((inherited, node) -> {
                if (!Names.isName(inherited)) {
                    problems.add(node, "invalid_name", nameRule("inherited role name", inherited));
                } else if (!roles.containsKey(inherited)) {
                    problems.add(node, "unknown_role", "role '" + role + "' inherits unknown role '"
                            + inherited + "'" + PolicyNodes.suggestion(inherited, roles.keySet()));
                }
            });
        }

        /**
         * Reports every cycle: finds one, reports it at the inheritance that closes it (the
         * first role's entry for the second), cuts that edge and looks again. At most one report
         * per edge.
         */
        private void checkCycles() {
            Map<String, List<String>> graph = new LinkedHashMap<>();
            inheritNodes.forEach((role, inherits) -> graph.put(role,
                    new ArrayList<>(inherits.keySet().stream().filter(roles::containsKey).toList())));
            Optional<List<String>> cycle;
            while ((cycle = RoleGraph.findCycle(graph)).isPresent()) {
                List<String> path = cycle.get();
                String from = path.get(0);
                String to = path.get(1);
                problems.add(inheritNodes.get(from).get(to), "role_cycle",
                        "role inheritance cycle: " + String.join(" -> ", path));
                graph.get(from).remove(to);
            }
        }
    }

    static String nameRule(String what, String value) {
        return what + " '" + value + "' is not valid: use lowercase letters, digits, '_', '.' and '-', "
                + "starting with a letter or digit, at most " + Names.MAX_NAME_LENGTH + " characters";
    }
}
