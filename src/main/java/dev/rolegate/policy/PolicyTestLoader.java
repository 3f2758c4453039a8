package dev.rolegate.policy;

import dev.rolegate.engine.Names;
import dev.rolegate.engine.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads a policy tests file ({@code policies/tests/<name>.yaml}, format in
 * {@code policies/README.md}) and binds it to its template, found through a
 * {@link TemplateSource}.
 *
 * <p>Besides the checks of the YAML itself (syntax, keys, types, names, duplicates, the limits of
 * {@link TemplateLoader}), every role, operation and permission a case names must exist in the
 * template: a {@code deny:} of a misspelt operation would otherwise pass forever. Returns a
 * valid suite or throws a {@link PolicyException} with every problem at
 * {@code file:line:column}, including the template's own problems when it is invalid.
 * Stateless and thread safe.
 */
public final class PolicyTestLoader {

    private static final List<String> TOP_KEYS = List.of("template", "description", "cases");
    private static final List<String> CASE_KEYS = List.of("name", "roles", "allow", "deny");
    private static final List<String> EXPECTATION_KEYS = List.of("operations", "permissions");

    private PolicyTestLoader() {
    }

    /**
     * Loads a tests file. Its name in messages is {@code file.toString()}.
     *
     * @throws PolicyException with every problem
     */
    public static PolicyTestSuite load(Path file, TemplateSource templates) {
        Problems problems = new Problems(file.toString());
        Optional<String> text = PolicyYaml.read(file, problems);
        problems.throwIfAny();
        return parse(problems, text.orElseThrow(), templates);
    }

    /**
     * Parses tests text; {@code file} names it in messages.
     *
     * @throws PolicyException with every problem
     */
    public static PolicyTestSuite parse(String file, String yaml, TemplateSource templates) {
        Problems problems = new Problems(file);
        Optional<String> text = PolicyYaml.checkSize(yaml, problems);
        problems.throwIfAny();
        return parse(problems, text.orElseThrow(), templates);
    }

    private static PolicyTestSuite parse(Problems problems, String text, TemplateSource templates) {
        Optional<Node> root = PolicyYaml.compose(text, problems);
        problems.throwIfAny();
        PolicyTestSuite suite = new Builder(new PolicyNodes(problems), templates).build(root.orElseThrow());
        problems.throwIfAny();
        return suite;
    }

    private static final class Builder {
        private final PolicyNodes nodes;
        private final Problems problems;
        private final TemplateSource templates;
        /** Null when the template is missing or invalid: cases are then checked for shape only. */
        private Template template;

        Builder(PolicyNodes nodes, TemplateSource templates) {
            this.nodes = nodes;
            this.problems = nodes.problems();
            this.templates = templates;
        }

        PolicyTestSuite build(Node root) {
            Map<String, PolicyNodes.Entry> top = nodes.mapping(root, "a policy tests file", false).orElse(null);
            if (top == null) {
                return null;
            }
            nodes.onlyKeys(top, "the policy tests file", TOP_KEYS);
            SourceLocation templateLocation = problems.start();
            if (nodes.require(top, root, "template", "a policy tests file")) {
                Node value = top.get("template").value();
                templateLocation = problems.at(value);
                nodes.text(value, "'template'").ifPresent(name -> resolveTemplate(name, value));
            }
            String description = nodes.description(top.get("description"), "the description");
            List<PolicyTestSuite.Case> cases = new ArrayList<>();
            if (nodes.require(top, root, "cases", "a policy tests file")) {
                Node value = top.get("cases").value();
                nodes.list(value, "'cases'").ifPresent(items -> {
                    if (items.isEmpty()) {
                        problems.add(value, "empty_case", "'cases' lists no case");
                    }
                    Map<String, SourceLocation> names = new HashMap<>();
                    for (Node item : items) {
                        testCase(item, names).ifPresent(cases::add);
                    }
                });
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new PolicyTestSuite(problems.file(), template, templateLocation, description, cases);
        }

        private void resolveTemplate(String name, Node node) {
            if (!Names.isName(name)) {
                problems.add(node, "invalid_name", TemplateLoader.nameRule("template name", name));
                return;
            }
            try {
                template = templates.find(name).orElse(null);
                if (template == null) {
                    problems.add(node, "unknown_template", "no template named '" + name + "'");
                }
            } catch (PolicyException e) {
                problems.add(node, "invalid_template", "template '" + name + "' is invalid: "
                        + e.problems().size() + " problem(s), listed with their own files");
                problems.addAll(e.problems());
            }
        }

        private Optional<PolicyTestSuite.Case> testCase(Node node, Map<String, SourceLocation> names) {
            Map<String, PolicyNodes.Entry> body = nodes.mapping(node, "a case", false).orElse(null);
            if (body == null) {
                return Optional.empty();
            }
            nodes.onlyKeys(body, "a case", CASE_KEYS);
            String name = "";
            if (nodes.require(body, node, "name", "a case")) {
                Node value = body.get("name").value();
                Optional<String> text = nodes.text(value, "a case's name");
                if (text.isPresent() && text.get().isBlank()) {
                    problems.add(value, "wrong_type", "a case's name must not be blank");
                } else if (text.isPresent()) {
                    name = text.get();
                    SourceLocation first = names.putIfAbsent(name, problems.at(value));
                    if (first != null) {
                        problems.add(value, "duplicate_case", "two cases are named '" + name
                                + "' (first at line " + first.line() + ")");
                    }
                }
            }
            String what = "case '" + name + "'";
            List<String> roles = new ArrayList<>();
            if (nodes.require(body, node, "roles", what)) {
                String listName = "the roles of " + what;
                nodes.scalarList(body.get("roles").value(), listName).map(items -> nodes.distinct(items, listName))
                        .ifPresent(items -> items.forEach(item -> {
                            if (role(item)) {
                                roles.add(item.getValue());
                            }
                        }));
            }
            List<PolicyTestSuite.Expectation> expectations = new ArrayList<>();
            int listed = expectations(body.get("allow"), true, what, expectations)
                    + expectations(body.get("deny"), false, what, expectations);
            checkContradictions(expectations, what);
            if (listed == 0) {
                problems.add(node, "empty_case", what + " expects nothing: list operations or permissions under "
                        + "'allow' or 'deny'");
            }
            expectations.sort(Comparator.comparingInt((PolicyTestSuite.Expectation e) -> e.location().line())
                    .thenComparingInt(e -> e.location().column()));
            return Optional.of(new PolicyTestSuite.Case(name, problems.at(node), roles, expectations));
        }

        private boolean role(ScalarNode item) {
            String role = item.getValue();
            if (!Names.isName(role)) {
                problems.add(item, "invalid_name", TemplateLoader.nameRule("role name", role));
                return false;
            }
            if (template != null && template.role(role).isEmpty()) {
                problems.add(item, "unknown_role", "template '" + template.name() + "' has no role '" + role + "'"
                        + PolicyNodes.suggestion(role, template.roleDescriptions().keySet()));
                return false;
            }
            return true;
        }

        /** Adds the valid expectations of an {@code allow:} or {@code deny:}; returns how many items it lists. */
        private int expectations(PolicyNodes.Entry entry, boolean allowed, String what,
                List<PolicyTestSuite.Expectation> out) {
            if (entry == null) {
                return 0;
            }
            int[] listed = {0};
            String where = "'" + entry.key() + "' of " + what;
            Map<String, PolicyNodes.Entry> body = nodes.mapping(entry.value(), where, true).orElse(Map.of());
            nodes.onlyKeys(body, where, EXPECTATION_KEYS);
            Set<String> knownOperations = template == null ? null : template.operations();
            Set<String> knownPermissions = template == null ? null : template.permissionDescriptions().keySet();
            PolicyNodes.Entry operations = body.get("operations");
            if (operations != null) {
                String listName = "the operations " + where;
                nodes.scalarList(operations.value(), listName).map(items -> nodes.distinct(items, listName))
                        .ifPresent(items -> items.forEach(item -> {
                            listed[0]++;
                            if (known(item, "operation", knownOperations)) {
                                out.add(new PolicyTestSuite.Expectation(new Target.Operation(item.getValue()), allowed,
                                        problems.at(item)));
                            }
                        }));
            }
            PolicyNodes.Entry permissions = body.get("permissions");
            if (permissions != null) {
                String listName = "the permissions " + where;
                nodes.scalarList(permissions.value(), listName).map(items -> nodes.distinct(items, listName))
                        .ifPresent(items -> items.forEach(item -> {
                            listed[0]++;
                            if (known(item, "permission", knownPermissions)) {
                                out.add(new PolicyTestSuite.Expectation(new Target.Permission(item.getValue()), allowed,
                                        problems.at(item)));
                            }
                        }));
            }
            return listed[0];
        }

        /** A valid name that the template knows ({@code known} null: no template to ask). */
        private boolean known(ScalarNode item, String kind, Set<String> known) {
            String name = item.getValue();
            if (!Names.isName(name)) {
                problems.add(item, "invalid_name", TemplateLoader.nameRule(kind + " name", name));
                return false;
            }
            if (known != null && !known.contains(name)) {
                problems.add(item, "unknown_" + kind, "template '" + template.name() + "' has no " + kind + " '"
                        + name + "'" + PolicyNodes.suggestion(name, known));
                return false;
            }
            return true;
        }

        private void checkContradictions(List<PolicyTestSuite.Expectation> expectations, String what) {
            Map<Target, PolicyTestSuite.Expectation> allowed = new HashMap<>();
            expectations.stream().filter(PolicyTestSuite.Expectation::allowed)
                    .forEach(e -> allowed.put(e.target(), e));
            for (PolicyTestSuite.Expectation e : expectations) {
                PolicyTestSuite.Expectation both = allowed.get(e.target());
                if (!e.allowed() && both != null) {
                    problems.add(e.location(), "contradictory_expectation", what + " expects "
                            + e.describeTarget() + " both allowed (line " + both.location().line() + ") and denied");
                }
            }
        }
    }
}
