package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.engine.PermissionDef;
import dev.rolegate.engine.RoleDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template loader on good and broken files: every problem with its exact file, line and reason. */
class TemplateLoaderTest {

    private static final Path FIXTURES = Path.of("src/test/resources/policy-fixtures");

    /** Loads a broken fixture and returns its problems. */
    private static List<PolicyProblem> problems(String fixture) {
        return assertThrows(PolicyException.class, () -> TemplateLoader.load(FIXTURES.resolve(fixture))).problems();
    }

    private static List<PolicyProblem> problemsOf(String file, String yaml) {
        return assertThrows(PolicyException.class, () -> TemplateLoader.parse(file, yaml)).problems();
    }

    /** Asserts exactly one problem and returns it. */
    private static PolicyProblem only(List<PolicyProblem> problems) {
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    private static void assertProblem(PolicyProblem problem, String file, int line, int column, String code,
            String message) {
        assertEquals(file + ":" + line + ":" + column + ": " + message, problem.render());
        assertEquals(code, problem.code());
    }

    @Nested
    class BrokenFixtures {

        @Test
        void roleGrantingAnUnknownPermissionIsLocatedAtTheGrant() {
            assertProblem(only(problems("unknown-permission.yaml")),
                    "src/test/resources/policy-fixtures/unknown-permission.yaml", 9, 27, "unknown_permission",
                    "role 'analyst' grants unknown permission 'report.edti' (did you mean 'report.edit'?)");
        }

        @Test
        void inheritanceCycleIsNamedInFull() {
            assertProblem(only(problems("cycle.yaml")),
                    "src/test/resources/policy-fixtures/cycle.yaml", 11, 16, "role_cycle",
                    "role inheritance cycle: admin -> lead -> analyst -> admin");
        }

        @Test
        void duplicateKeyIsReportedAtTheSecondOccurrence() {
            assertProblem(only(problems("duplicate-key.yaml")),
                    "src/test/resources/policy-fixtures/duplicate-key.yaml", 7, 3, "duplicate_key",
                    "duplicate key 'report.view' in 'permissions' (first at line 3)");
        }

        @Test
        void malformedRoleName() {
            assertProblem(only(problems("malformed-name.yaml")),
                    "src/test/resources/policy-fixtures/malformed-name.yaml", 6, 3, "invalid_name",
                    "role name 'Analyst' is not valid: use lowercase letters, digits, '_', '.' and '-', "
                            + "starting with a letter or digit, at most 128 characters");
        }

        @Test
        void yamlSyntaxErrorCarriesSnakeYamlsMark() {
            // the unclosed [ of line 4 is noticed at the ':' of line 5; the message names line 4
            assertProblem(only(problems("syntax-error.yaml")),
                    "src/test/resources/policy-fixtures/syntax-error.yaml", 5, 6, "yaml_syntax",
                    "YAML syntax error: expected ',' or ']', but got : "
                            + "(while parsing a flow sequence that starts at line 4, column 17)");
        }

        @Test
        void unknownKeyWithSuggestion() {
            assertProblem(only(problems("unknown-key.yaml")),
                    "src/test/resources/policy-fixtures/unknown-key.yaml", 8, 5, "unknown_key",
                    "unknown key 'grant' in role 'viewer'; expected description, grants, inherits "
                            + "(did you mean 'grants'?)");
        }

        @Test
        void templateNameMustMatchTheFileName() {
            assertProblem(only(problems("name-mismatch.yaml")),
                    "src/test/resources/policy-fixtures/name-mismatch.yaml", 1, 11, "template_name_mismatch",
                    "the template is named 'saas-analytics' but its file is 'name-mismatch.yaml'; the two must agree");
        }

        @Test
        void inheritingAnUnknownRole() {
            assertProblem(only(problems("unknown-role.yaml")),
                    "src/test/resources/policy-fixtures/unknown-role.yaml", 9, 16, "unknown_role",
                    "role 'analyst' inherits unknown role 'viewr' (did you mean 'viewer'?)");
        }

        @Test
        void invalidAndRepeatedOperations() {
            List<PolicyProblem> problems = problems("invalid-operation.yaml");
            assertEquals(2, problems.size(), problems::toString);
            assertProblem(problems.get(0), "src/test/resources/policy-fixtures/invalid-operation.yaml", 4, 31,
                    "invalid_name", "operation name 'report open' is not valid: use lowercase letters, digits, "
                            + "'_', '.' and '-', starting with a letter or digit, at most 128 characters");
            assertProblem(problems.get(1), "src/test/resources/policy-fixtures/invalid-operation.yaml", 4, 59,
                    "duplicate_entry",
                    "'report.open' appears twice in the operations of permission 'report.view' (first at line 4)");
        }

        @Test
        void wrongTypes() {
            List<PolicyProblem> problems = problems("wrong-type.yaml");
            assertEquals(List.of("3:3 wrong_type", "6:13 wrong_type", "7:12 wrong_type"),
                    problems.stream().map(p -> p.line() + ":" + p.column() + " " + p.code()).toList());
            assertEquals("'permissions' must be a mapping (key: value), found a list", problems.get(0).message());
            assertEquals("the grants of role 'viewer' must be a list ([a, b] or one '- item' per line), found text",
                    problems.get(1).message());
        }

        @Test
        void everyProblemOfAFileIsReportedAtOnceInLineOrder() {
            List<PolicyProblem> problems = problems("many-problems.yaml");
            assertEquals(List.of(
                            "2:1 unknown_key", "4:3 invalid_name", "8:5 unknown_key", "11:14 unknown_permission",
                            "11:40 duplicate_entry", "13:24 unknown_role"),
                    problems.stream().map(p -> p.line() + ":" + p.column() + " " + p.code()).toList());
            PolicyException e = assertThrows(PolicyException.class,
                    () -> TemplateLoader.load(FIXTURES.resolve("many-problems.yaml")));
            assertEquals(6, e.getMessage().lines().count());
            assertTrue(e.getMessage().startsWith(
                    "src/test/resources/policy-fixtures/many-problems.yaml:2:1: unknown key 'colour'"));
        }

        @Test
        void billionLaughsIsRefusedAtTheSeventeenthAlias() {
            assertProblem(only(problems("billion-laughs.yaml")),
                    "src/test/resources/policy-fixtures/billion-laughs.yaml", 4, 36, "too_many_aliases",
                    "more than 16 aliases (*name); policy files refuse alias expansion beyond that");
        }

        @Test
        void aSecondDocumentIsRefused() {
            assertProblem(only(problems("multi-document.yaml")),
                    "src/test/resources/policy-fixtures/multi-document.yaml", 4, 1, "yaml_syntax",
                    "a second YAML document starts here; a policy file holds exactly one");
        }
    }

    @Nested
    class Limits {

        @Test
        void fileOverOneMebibyteIsNotRead(@TempDir Path dir) throws IOException {
            Path big = dir.resolve("big.yaml");
            byte[] content = ("template: big\n# " + "x".repeat(PolicyYaml.MAX_BYTES) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            Files.write(big, content);
            PolicyProblem problem = only(assertThrows(PolicyException.class, () -> TemplateLoader.load(big)).problems());
            assertEquals("file_too_large", problem.code());
            assertEquals(big + ":1:1: the file is larger than 1048576 bytes (1 MiB), the limit for policy files",
                    problem.render());
        }

        @Test
        void textOverOneMebibyteIsRefusedToo() {
            String yaml = "template: big\n# " + "\u00e9".repeat(PolicyYaml.MAX_BYTES / 2) + "\n";
            assertEquals("file_too_large", only(problemsOf("big.yaml", yaml)).code());
        }

        @Test
        void fileJustUnderTheLimitLoads(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("padded.yaml");
            String head = "template: padded\npermissions: {}\nroles: {}\n# ";
            Files.writeString(file, head + "x".repeat(PolicyYaml.MAX_BYTES - head.length() - 1) + "\n");
            assertEquals(PolicyYaml.MAX_BYTES, Files.size(file));
            assertEquals("padded", TemplateLoader.load(file).name());
        }

        @Test
        void invalidUtf8IsLocatedAtTheByte(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("latin1.yaml");
            Files.write(file, "template: latin1\npermissions:\n  report.view: {description: caf\u00e9}\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertProblem(only(assertThrows(PolicyException.class, () -> TemplateLoader.load(file)).problems()),
                    file.toString(), 3, 33, "invalid_encoding", "the file is not valid UTF-8 (byte 0xe9)");
        }

        @Test
        void deepNestingIsRefused() {
            String yaml = "template: deep\nx: " + "[".repeat(40) + "]".repeat(40) + "\n";
            PolicyProblem problem = only(problemsOf("deep.yaml", yaml));
            assertEquals("too_deep", problem.code());
            assertEquals(2, problem.line());
        }

        @Test
        void aFewAliasesAreFine() {
            String yaml = """
                    template: shared
                    permissions:
                      report.view: {operations: &reading [report.open, report.list]}
                      report.audit: {operations: *reading}
                    roles: {}
                    """;
            assertEquals(List.of("report.open", "report.list"),
                    TemplateLoader.parse("shared.yaml", yaml).permission("report.audit").orElseThrow().operations());
        }

        @Test
        void globalTagsAreRefusedAndNeverConstructed() {
            String yaml = "template: !!python/object/apply:os.system [\"ls\"]\npermissions: {}\nroles: {}\n";
            PolicyProblem problem = only(problemsOf("tagged.yaml", yaml));
            assertEquals("yaml_syntax", problem.code());
            assertEquals("tagged.yaml:1:11", problem.location().toString());
        }

        @Test
        void localTagsAreWrongTypes() {
            assertProblem(only(problemsOf("tagged.yaml", "template: !custom tagged\npermissions: {}\nroles: {}\n")),
                    "tagged.yaml", 1, 11, "wrong_type", "'template' must be text, found a value tagged !custom");
        }

        @Test
        void mergeKeysAreRefused() {
            String yaml = """
                    template: merge
                    permissions: {x: {}}
                    roles:
                      r:
                        <<: {grants: [x]}
                    """;
            assertProblem(only(problemsOf("merge.yaml", yaml)), "merge.yaml", 5, 5, "unknown_key",
                    "merge keys (<<) are not supported in role 'r'; write the keys out");
        }

        @Test
        void unquotedStarGetsAHint() {
            String yaml = "template: star\npermissions: {}\nroles:\n  owner: {grants: [*]}\n";
            PolicyProblem problem = only(problemsOf("star.yaml", yaml));
            assertEquals("yaml_syntax", problem.code());
            assertTrue(problem.message().endsWith("write the wildcard grant as \"*\": a bare * starts a YAML alias"),
                    problem::message);
        }

        @Test
        void emptyFileAndMissingFile(@TempDir Path dir) {
            assertProblem(only(problemsOf("empty.yaml", "")), "empty.yaml", 1, 1, "empty_file",
                    "the file holds no YAML document");
            Path missing = dir.resolve("missing.yaml");
            assertProblem(only(assertThrows(PolicyException.class, () -> TemplateLoader.load(missing)).problems()),
                    missing.toString(), 1, 1, "unreadable", "no such file");
        }
    }

    @Nested
    class Semantics {

        @Test
        void selfInheritanceIsACycle() {
            assertProblem(only(problemsOf("self.yaml", "template: self\npermissions: {}\nroles:\n  r: {inherits: [r]}\n")),
                    "self.yaml", 4, 18, "role_cycle", "role inheritance cycle: r -> r");
        }

        @Test
        void twoSeparateCyclesAreBothReported() {
            String yaml = """
                    template: cycles
                    permissions: {}
                    roles:
                      a: {inherits: [b]}
                      b: {inherits: [a]}
                      c: {inherits: [d]}
                      d: {inherits: [c]}
                    """;
            assertEquals(List.of("role inheritance cycle: a -> b -> a", "role inheritance cycle: c -> d -> c"),
                    problemsOf("cycles.yaml", yaml).stream().map(PolicyProblem::message).toList());
        }

        @Test
        void missingRequiredKeys() {
            List<PolicyProblem> problems = problemsOf("bare.yaml", "description: nothing else\n");
            assertEquals(List.of("a template needs the key 'template'", "a template needs the key 'permissions'",
                            "a template needs the key 'roles'"),
                    problems.stream().map(PolicyProblem::message).toList());
        }

        @Test
        void wildcardThatCoversNothingLoadsWithAWarning() {
            Template template = TemplateLoader.load(FIXTURES.resolve("wildcard-nothing.yaml"));
            PolicyProblem warning = only(template.warnings());
            assertProblem(warning, "src/test/resources/policy-fixtures/wildcard-nothing.yaml", 8, 27,
                    "wildcard_matches_nothing", "grant 'dashboard.*' of role 'viewer' covers no declared permission");
            assertEquals(List.of("report.view", "dashboard.*"), template.role("viewer").orElseThrow().grants());
        }

        @Test
        void emptyBodiesMeanNothingDeclared() {
            String yaml = """
                    template: nulls
                    description:
                    permissions:
                      report.view:
                    roles:
                      viewer:
                        grants:
                    """;
            Template template = TemplateLoader.parse("dir/nulls.yaml", yaml);
            assertEquals("", template.description());
            // the declared catalog, then the built-in rbac.* one that every template carries
            assertEquals(List.of(new PermissionDef("report.view", List.of())),
                    template.permissions().stream().filter(p -> !AdminCatalog.reserved(p.name())).toList());
            assertEquals(AdminCatalog.definitions(),
                    template.permissions().stream().filter(p -> AdminCatalog.reserved(p.name())).toList());
            assertEquals(List.of(new RoleDef("viewer", List.of(), List.of())), template.roles());
            assertEquals("", template.permissionDescriptions().get("report.view"));
        }

        @Test
        void yamlBooleansAndNumbersAreReadAsTheirText() {
            // YAML 1.1 resolves `on` to a bool and `1` to an int; a name is the text written
            Template template = TemplateLoader.parse("plain.yaml",
                    "template: plain\npermissions: {on: {}, 1: {}}\nroles: {r: {grants: [on, 1]}}\n");
            assertEquals(List.of("on", "1"), template.role("r").orElseThrow().grants());
        }
    }

    @Nested
    class ShippedTemplate {

        private static final Path SAAS = Path.of("policies/templates/saas-analytics.yaml");

        @Test
        void loadsFromTheFileAndFromTheClasspathAlike() {
            Template fromFile = TemplateLoader.load(SAAS);
            Template fromJar = TemplateLoader.loadResource("policies/templates/saas-analytics.yaml");
            assertEquals(fromFile.permissions(), fromJar.permissions());
            assertEquals(fromFile.roles(), fromJar.roles());
            assertEquals(fromFile.permissionDescriptions(), fromJar.permissionDescriptions());
            assertEquals(fromFile.roleDescriptions(), fromJar.roleDescriptions());
            assertEquals(List.of(), fromFile.warnings());
        }

        @Test
        void missingResource() {
            assertProblem(only(assertThrows(PolicyException.class,
                            () -> TemplateLoader.loadResource("policies/templates/nope.yaml")).problems()),
                    "policies/templates/nope.yaml", 1, 1, "unreadable", "no such resource on the classpath");
        }

        @Test
        void descriptionsAreKeptPerPermissionAndRoleInFileOrder() {
            Template template = TemplateLoader.load(SAAS);
            assertEquals(template.permissions().stream().map(PermissionDef::name).toList(),
                    List.copyOf(template.permissionDescriptions().keySet()));
            assertEquals(List.of("owner", "admin", "analyst", "viewer"),
                    List.copyOf(template.roleDescriptions().keySet()));
            assertEquals("See the plan, usage and invoices", template.permissionDescriptions().get("billing.view"));
            assertTrue(template.permissionDescriptions().values().stream().noneMatch(String::isBlank));
            assertTrue(template.roleDescriptions().values().stream().noneMatch(String::isBlank));
        }
    }

    @Test
    void expectedNameIsTheLastSegmentWithoutYaml() {
        assertEquals("saas-analytics", TemplateLoader.expectedName("policies/templates/saas-analytics.yaml"));
        assertEquals("a.b", TemplateLoader.expectedName("C:\\x\\a.b.yaml"));
        assertEquals("noext", TemplateLoader.expectedName("noext"));
    }
}
