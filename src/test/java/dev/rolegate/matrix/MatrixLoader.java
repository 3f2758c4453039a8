package dev.rolegate.matrix;

import dev.rolegate.matrix.MatrixScenario.AddGroupMember;
import dev.rolegate.matrix.MatrixScenario.AssignGroupRole;
import dev.rolegate.matrix.MatrixScenario.AssignUserRole;
import dev.rolegate.matrix.MatrixScenario.Change;
import dev.rolegate.matrix.MatrixScenario.Check;
import dev.rolegate.matrix.MatrixScenario.DeleteRole;
import dev.rolegate.matrix.MatrixScenario.Effective;
import dev.rolegate.matrix.MatrixScenario.RemoveGroupMember;
import dev.rolegate.matrix.MatrixScenario.RevokeGroupRole;
import dev.rolegate.matrix.MatrixScenario.RevokeUserRole;
import dev.rolegate.matrix.MatrixScenario.Stage;
import dev.rolegate.matrix.MatrixScenario.TargetKind;
import dev.rolegate.matrix.MatrixScenario.UpsertGroup;
import dev.rolegate.matrix.MatrixScenario.UpsertPermission;
import dev.rolegate.matrix.MatrixScenario.UpsertRole;
import dev.rolegate.matrix.MatrixScenario.UpsertUser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads check-matrix files (format: {@link MatrixScenario}). Works on SnakeYAML's node tree
 * rather than on constructed objects, so every scalar stays the string that was written and
 * every error names its file and line. Any mistake in a file is a {@link MatrixFormatException}.
 */
public final class MatrixLoader {

    /** The classpath folder holding the matrix files. */
    public static final String RESOURCE_DIR = "matrix";

    private static final Set<String> SOURCES = Set.of("manual", "saml", "ldap", "template");
    private static final Set<String> STATUSES = Set.of("active", "disabled");

    private MatrixLoader() {
    }

    /** Every {@code *.yaml} file of the classpath folder {@value #RESOURCE_DIR}, by file name. */
    public static List<MatrixScenario> loadAll() {
        URL url = MatrixLoader.class.getClassLoader().getResource(RESOURCE_DIR);
        if (url == null) {
            throw new IllegalStateException("no " + RESOURCE_DIR + "/ folder on the classpath");
        }
        try {
            return loadDirectory(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code *.yaml} file of {@code directory}, by file name. */
    public static List<MatrixScenario> loadDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().map(MatrixLoader::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file. */
    public static MatrixScenario load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toUri(), reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One document read from {@code reader}; {@code source} names it in messages. */
    public static MatrixScenario parse(URI source, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(reader);
        String file = Path.of(source.getPath()).getFileName().toString();
        Parser parser = new Parser(file);
        if (root == null) {
            throw new MatrixFormatException(file + ": empty file");
        }
        return parser.scenario(source, root);
    }

    /** A matrix file that does not follow the format; the message starts with {@code file:line:}. */
    public static final class MatrixFormatException extends RuntimeException {
        public MatrixFormatException(String message) {
            super(message);
        }
    }

    private static final class Parser {
        private final String file;

        Parser(String file) {
            this.file = file;
        }

        MatrixScenario scenario(URI source, Node root) {
            Map<String, Node> top = mapping(root, "name", "description", "given", "stages");
            String name = top.containsKey("name") ? string(top.get("name")) : file.replaceFirst("\\.yaml$", "");
            String description = top.containsKey("description") ? string(top.get("description")) : "";
            List<Change> given = top.containsKey("given") ? given(top.get("given")) : List.of();
            List<Stage> stages = new ArrayList<>();
            for (Node stage : sequence(required(top, "stages", root))) {
                stages.add(stage(stage));
            }
            return new MatrixScenario(source, name, description, given, stages);
        }

        private List<Change> given(Node node) {
            Map<String, Node> given = mapping(node, "permissions", "roles", "users", "groups", "assignments");
            List<Change> changes = new ArrayList<>();
            if (given.containsKey("permissions")) {
                mapping(given.get("permissions")).forEach((name, ops) ->
                        changes.add(new UpsertPermission(line(ops), name, strings(ops))));
            }
            if (given.containsKey("roles")) {
                List<UpsertRole> roles = new ArrayList<>();
                mapping(given.get("roles")).forEach((name, def) -> {
                    Map<String, Node> fields = mapping(def, "grants", "inherits");
                    roles.add(new UpsertRole(line(def), name, optionalStrings(fields.get("grants")),
                            optionalStrings(fields.get("inherits"))));
                });
                changes.addAll(inheritedFirst(roles));
            }
            if (given.containsKey("users")) {
                mapping(given.get("users")).forEach((id, status) ->
                        changes.add(new UpsertUser(line(status), id, oneOf(status, STATUSES))));
            }
            if (given.containsKey("groups")) {
                mapping(given.get("groups")).forEach((id, members) -> {
                    changes.add(new UpsertGroup(line(members), id));
                    for (String member : strings(members)) {
                        changes.add(new AddGroupMember(line(members), id, member));
                    }
                });
            }
            if (given.containsKey("assignments")) {
                for (Node a : sequence(given.get("assignments"))) {
                    Map<String, Node> f = mapping(a, "user", "group", "role", "source", "validFrom", "expiresAt");
                    if (f.containsKey("user") == f.containsKey("group")) {
                        throw error(a, "an assignment names exactly one of user / group");
                    }
                    changes.add(f.containsKey("user") ? assignUser(a, f) : assignGroup(a, f));
                }
            }
            return changes;
        }

        /** Roles ordered so that each comes after the roles it inherits (input order otherwise). */
        private List<UpsertRole> inheritedFirst(List<UpsertRole> roles) {
            Map<String, UpsertRole> byName = new LinkedHashMap<>();
            roles.forEach(r -> byName.put(r.name(), r));
            List<UpsertRole> ordered = new ArrayList<>();
            Set<String> placed = new HashSet<>();
            Set<String> visiting = new HashSet<>();
            for (UpsertRole role : roles) {
                place(role, byName, ordered, placed, visiting);
            }
            return ordered;
        }

        private void place(UpsertRole role, Map<String, UpsertRole> byName, List<UpsertRole> ordered,
                Set<String> placed, Set<String> visiting) {
            if (placed.contains(role.name()) || !visiting.add(role.name())) {
                return; // done, or a cycle: leave it to the engine to reject
            }
            for (String inherited : role.inherits()) {
                UpsertRole parent = byName.get(inherited);
                if (parent != null) {
                    place(parent, byName, ordered, placed, visiting);
                }
            }
            placed.add(role.name());
            ordered.add(role);
        }

        private Stage stage(Node node) {
            Map<String, Node> f = mapping(node, "name", "now", "changes", "checks", "effective", "usersAllowed");
            String name = f.containsKey("name") ? string(f.get("name")) : "";
            Instant now = f.containsKey("now") ? instant(f.get("now")) : MatrixScenario.DEFAULT_NOW;
            List<Change> changes = new ArrayList<>();
            if (f.containsKey("changes")) {
                for (Node change : sequence(f.get("changes"))) {
                    changes.add(change(change));
                }
            }
            List<Check> checks = new ArrayList<>();
            if (f.containsKey("checks")) {
                for (Node check : sequence(f.get("checks"))) {
                    checks.add(check(check));
                }
            }
            Map<String, Effective> effective = new LinkedHashMap<>();
            if (f.containsKey("effective")) {
                mapping(f.get("effective")).forEach((subject, e) -> {
                    Map<String, Node> ef = mapping(e, "permissions", "operations");
                    effective.put(subject, new Effective(line(e),
                            ef.containsKey("permissions") ? strings(ef.get("permissions")) : null,
                            ef.containsKey("operations") ? strings(ef.get("operations")) : null));
                });
            }
            Map<String, List<String>> usersAllowed = new LinkedHashMap<>();
            if (f.containsKey("usersAllowed")) {
                mapping(f.get("usersAllowed")).forEach((operation, ids) -> usersAllowed.put(operation, strings(ids)));
            }
            if (checks.isEmpty() && effective.isEmpty() && usersAllowed.isEmpty()) {
                throw error(node, "a stage expects something: checks, effective or usersAllowed");
            }
            return new Stage(line(node), name, now, changes, checks, effective, usersAllowed);
        }

        private Change change(Node node) {
            Map<String, Node> wrapper = mapping(node);
            if (wrapper.size() != 1) {
                throw error(node, "a change is a mapping with one key, the kind of change");
            }
            Map.Entry<String, Node> entry = wrapper.entrySet().iterator().next();
            Node body = entry.getValue();
            int line = line(node);
            switch (entry.getKey()) {
                case "upsertPermission": {
                    Map<String, Node> f = mapping(body, "name", "operations");
                    return new UpsertPermission(line, string(required(f, "name", body)), optionalStrings(f.get("operations")));
                }
                case "upsertRole": {
                    Map<String, Node> f = mapping(body, "name", "grants", "inherits");
                    return new UpsertRole(line, string(required(f, "name", body)), optionalStrings(f.get("grants")),
                            optionalStrings(f.get("inherits")));
                }
                case "deleteRole":
                    return new DeleteRole(line, string(required(mapping(body, "name"), "name", body)));
                case "upsertUser": {
                    Map<String, Node> f = mapping(body, "id", "status");
                    return new UpsertUser(line, string(required(f, "id", body)),
                            f.containsKey("status") ? oneOf(f.get("status"), STATUSES) : "active");
                }
                case "upsertGroup":
                    return new UpsertGroup(line, string(required(mapping(body, "id"), "id", body)));
                case "addGroupMember": {
                    Map<String, Node> f = mapping(body, "group", "user");
                    return new AddGroupMember(line, string(required(f, "group", body)), string(required(f, "user", body)));
                }
                case "removeGroupMember": {
                    Map<String, Node> f = mapping(body, "group", "user");
                    return new RemoveGroupMember(line, string(required(f, "group", body)), string(required(f, "user", body)));
                }
                case "assignUserRole":
                    return assignUser(body, mapping(body, "user", "role", "source", "validFrom", "expiresAt"));
                case "assignGroupRole":
                    return assignGroup(body, mapping(body, "group", "role", "source", "validFrom", "expiresAt"));
                case "revokeUserRole": {
                    Map<String, Node> f = mapping(body, "user", "role", "source");
                    return new RevokeUserRole(line, string(required(f, "user", body)), string(required(f, "role", body)), source(f));
                }
                case "revokeGroupRole": {
                    Map<String, Node> f = mapping(body, "group", "role", "source");
                    return new RevokeGroupRole(line, string(required(f, "group", body)), string(required(f, "role", body)), source(f));
                }
                default:
                    throw error(node, "unknown change \"" + entry.getKey() + "\"");
            }
        }

        private AssignUserRole assignUser(Node node, Map<String, Node> f) {
            return new AssignUserRole(line(node), string(required(f, "user", node)), string(required(f, "role", node)),
                    source(f), optionalInstant(f.get("validFrom")), optionalInstant(f.get("expiresAt")));
        }

        private AssignGroupRole assignGroup(Node node, Map<String, Node> f) {
            return new AssignGroupRole(line(node), string(required(f, "group", node)), string(required(f, "role", node)),
                    source(f), optionalInstant(f.get("validFrom")), optionalInstant(f.get("expiresAt")));
        }

        private String source(Map<String, Node> fields) {
            return fields.containsKey("source") ? oneOf(fields.get("source"), SOURCES) : "manual";
        }

        private Check check(Node node) {
            Map<String, Node> f = mapping(node, "subject", "operation", "permission", "allowed", "reason", "missing", "explain");
            if (f.containsKey("operation") == f.containsKey("permission")) {
                throw error(node, "a check names exactly one of operation / permission");
            }
            TargetKind kind = f.containsKey("operation") ? TargetKind.OPERATION : TargetKind.PERMISSION;
            String target = string(f.get(f.containsKey("operation") ? "operation" : "permission"));
            boolean allowed = Boolean.parseBoolean(oneOf(required(f, "allowed", node), Set.of("true", "false")));
            String reason = f.containsKey("reason") ? string(f.get("reason")) : null;
            List<String> missing = f.containsKey("missing") ? strings(f.get("missing")) : null;
            List<List<String>> explain = null;
            if (f.containsKey("explain")) {
                explain = new ArrayList<>();
                for (Node path : sequence(f.get("explain"))) {
                    List<String> steps = strings(path);
                    for (String step : steps) {
                        if (!step.matches("(user|group|role|inherited_role|permission|operation):.+")) {
                            throw error(path, "an explain step reads kind:name, not \"" + step + "\"");
                        }
                    }
                    explain.add(steps);
                }
            }
            return new Check(line(node), string(required(f, "subject", node)), kind, target, allowed, reason, missing, explain);
        }

        // ------------------------------------------------------------ node helpers

        private Map<String, Node> mapping(Node node, String... allowedKeys) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(node, "expected a mapping");
            }
            Set<String> allowed = Set.of(allowedKeys);
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = string(tuple.getKeyNode());
                if (!allowed.isEmpty() && !allowed.contains(key)) {
                    throw error(tuple.getKeyNode(), "unknown key \"" + key + "\"; expected one of " + List.of(allowedKeys));
                }
                if (fields.put(key, tuple.getValueNode()) != null) {
                    throw error(tuple.getKeyNode(), "duplicate key \"" + key + "\"");
                }
            }
            return fields;
        }

        private List<Node> sequence(Node node) {
            if (!(node instanceof SequenceNode sequence)) {
                throw error(node, "expected a list");
            }
            return sequence.getValue();
        }

        private String string(Node node) {
            if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL) && scalar.getValue().isEmpty()) {
                throw error(node, "expected a value");
            }
            return scalar.getValue();
        }

        private List<String> strings(Node node) {
            List<String> values = new ArrayList<>();
            for (Node item : sequence(node)) {
                values.add(string(item));
            }
            return values;
        }

        private List<String> optionalStrings(Node node) {
            return node == null ? List.of() : strings(node);
        }

        private String oneOf(Node node, Set<String> values) {
            String value = string(node);
            if (!values.contains(value)) {
                throw error(node, "expected one of " + values + ", not \"" + value + "\"");
            }
            return value;
        }

        private Instant instant(Node node) {
            try {
                return OffsetDateTime.parse(string(node)).toInstant();
            } catch (DateTimeParseException e) {
                throw error(node, "expected an RFC 3339 date-time such as 2026-06-01T00:00:00Z");
            }
        }

        private Instant optionalInstant(Node node) {
            return node == null ? null : instant(node);
        }

        private Node required(Map<String, Node> fields, String key, Node parent) {
            Node node = fields.get(key);
            if (node == null) {
                throw error(parent, "missing key \"" + key + "\"");
            }
            return node;
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }

        private MatrixFormatException error(Node node, String message) {
            return new MatrixFormatException(file + ":" + line(node) + ": " + message);
        }
    }
}
