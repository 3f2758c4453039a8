package dev.rolegate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rolegate.engine.AccountModel;
import dev.rolegate.engine.AssigneeKind;
import dev.rolegate.engine.AssignmentDef;
import dev.rolegate.engine.AssignmentSource;
import dev.rolegate.engine.Target;
import dev.rolegate.engine.UserDef;
import dev.rolegate.engine.Validity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Loading policy tests files: shape, binding to the template, and file:line errors. Needs no engine. */
class PolicyTestLoaderTest {

    static final String MINI = """
            template: mini
            permissions:
              report.view: {operations: [report.open]}
              report.share: {operations: [report.share_link, report.share_to_slack]}
              integrations.use: {operations: [report.share_to_slack]}
            roles:
              viewer: {grants: [report.view]}
              sharer: {grants: [report.share], inherits: [viewer]}
            """;

    /** Knows "mini" and "broken" (a template with a problem). */
    static final TemplateSource TEMPLATES = name -> switch (name) {
        case "mini" -> Optional.of(TemplateLoader.parse("templates/mini.yaml", MINI));
        case "broken" -> Optional.of(TemplateLoader.parse("templates/broken.yaml",
                "template: broken\npermissions: {}\nroles: {r: {grants: [nope]}}\n"));
        default -> Optional.empty();
    };

    private static List<String> problems(String yaml) {
        return assertThrows(PolicyException.class, () -> PolicyTestLoader.parse("tests/mini.yaml", yaml, TEMPLATES))
                .problems().stream().map(PolicyProblem::render).toList();
    }

    @Test
    void loadsTheShippedTestsAgainstTheTemplatesFolder() {
        PolicyTestSuite suite = PolicyTestLoader.load(Path.of("policies/tests/saas-analytics.yaml"),
                TemplateSource.directory(Path.of("policies/templates")));
        assertEquals("saas-analytics", suite.template().name());
        assertEquals("policies/tests/saas-analytics.yaml:4:11", suite.templateLocation().toString());
        PolicyTestSuite.Case first = suite.cases().get(0);
        assertEquals("a user with no role may do nothing", first.name());
        assertEquals(List.of(), first.roles());
        assertEquals(List.of(
                        new PolicyTestSuite.Expectation(new Target.Operation("report.open"), false,
                                new SourceLocation("policies/tests/saas-analytics.yaml", 11, 20)),
                        new PolicyTestSuite.Expectation(new Target.Operation("dashboard.open"), false,
                                new SourceLocation("policies/tests/saas-analytics.yaml", 11, 33)),
                        new PolicyTestSuite.Expectation(new Target.Operation("definition.list"), false,
                                new SourceLocation("policies/tests/saas-analytics.yaml", 11, 49)),
                        new PolicyTestSuite.Expectation(new Target.Permission("report.view"), false,
                                new SourceLocation("policies/tests/saas-analytics.yaml", 12, 21))),
                first.expectations());
    }

    @Test
    void expectationsKeepFileOrderAcrossAllowAndDeny() {
        PolicyTestSuite suite = PolicyTestLoader.parse("tests/mini.yaml", """
                template: mini
                cases:
                  - name: deny first
                    roles: [viewer]
                    deny:
                      operations: [report.share_link]
                    allow:
                      permissions: [report.view]
                      operations: [report.open]
                """, TEMPLATES);
        assertEquals(List.of("6 operation report.share_link false", "8 permission report.view true",
                        "9 operation report.open true"),
                suite.cases().get(0).expectations().stream()
                        .map(e -> e.location().line() + " " + e.describeTarget() + " " + e.allowed()).toList());
    }

    @Test
    void namesUnknownToTheTemplateAreErrorsWithSuggestions() {
        assertEquals(List.of(
                        "tests/mini.yaml:4:13: template 'mini' has no role 'viwer' (did you mean 'viewer'?)",
                        "tests/mini.yaml:6:20: template 'mini' has no operation 'report.opne' (did you mean 'report.open'?)",
                        "tests/mini.yaml:7:21: template 'mini' has no permission 'report.edit'"),
                problems("""
                        template: mini
                        cases:
                          - name: typos
                            roles: [viwer]
                            deny:
                              operations: [report.opne]
                              permissions: [report.edit]
                        """));
    }

    @Test
    void contradictionsDuplicatesAndEmptyCases() {
        assertEquals(List.of(
                        "tests/mini.yaml:6:33: 'report.open' appears twice in the operations 'allow' of case 'one' "
                                + "(first at line 6)",
                        "tests/mini.yaml:8:20: case 'one' expects operation report.open both allowed (line 6) and denied",
                        "tests/mini.yaml:9:5: case 'two' needs the key 'roles'",
                        "tests/mini.yaml:9:5: case 'two' expects nothing: list operations or permissions under "
                                + "'allow' or 'deny'",
                        "tests/mini.yaml:10:11: two cases are named 'one' (first at line 3)"),
                problems("""
                        template: mini
                        cases:
                          - name: one
                            roles: [viewer]
                            allow:
                              operations: [report.open, report.open]
                            deny:
                              operations: [report.open]
                          - name: two
                          - name: one
                            roles: []
                            allow: {operations: [report.open]}
                        """));
    }

    @Test
    void unknownKeysAndWrongTypes() {
        assertEquals(List.of(
                        "tests/mini.yaml:1:1: a policy tests file needs the key 'cases'",
                        "tests/mini.yaml:2:1: unknown key 'case' in the policy tests file; expected template, "
                                + "description, cases (did you mean 'cases'?)"),
                problems("template: mini\ncase: []\n"));
        assertEquals(List.of(
                        "tests/mini.yaml:5:7: unknown key 'operation' in 'allow' of case 'x'; expected operations, "
                                + "permissions (did you mean 'operations'?)",
                        "tests/mini.yaml:6:12: the roles of case 'x' must be a list ([a, b] or one '- item' per line), "
                                + "found text"),
                problems("""
                        template: mini
                        cases:
                          - name: x
                            allow:
                              operation: [report.open]
                            roles: viewer
                        """).stream().filter(p -> !p.contains("expects nothing")).toList());
    }

    @Test
    void unknownTemplate() {
        assertEquals(List.of("tests/mini.yaml:1:11: no template named 'maxi'"),
                problems("template: maxi\ncases: [{name: x, roles: [], deny: {operations: [a]}}]\n"));
    }

    @Test
    void anInvalidTemplateReportsItsOwnProblemsToo() {
        assertEquals(List.of(
                        "tests/mini.yaml:1:11: template 'broken' is invalid: 1 problem(s), listed with their own files",
                        "templates/broken.yaml:3:22: role 'r' grants unknown permission 'nope'"),
                problems("template: broken\ncases: [{name: x, roles: [], deny: {operations: [a]}}]\n"));
    }

    @Test
    void theModelHasOneActiveUserPerCaseHoldingItsRoles() {
        PolicyTestSuite suite = PolicyTestLoader.parse("tests/mini.yaml", """
                template: mini
                cases:
                  - name: nobody
                    roles: []
                    deny: {operations: [report.open]}
                  - name: sharer and viewer
                    roles: [sharer, viewer]
                    allow: {operations: [report.open]}
                """, TEMPLATES);
        AccountModel model = PolicyTestRunner.model(suite);
        assertEquals(suite.template().permissions(), model.permissions());
        assertEquals(suite.template().roles(), model.roles());
        assertEquals(List.of(new UserDef("case-1", true), new UserDef("case-2", true)), model.users());
        assertEquals(List.of(
                        new AssignmentDef(AssigneeKind.USER, "case-2", "sharer", AssignmentSource.MANUAL, Validity.ALWAYS),
                        new AssignmentDef(AssigneeKind.USER, "case-2", "viewer", AssignmentSource.MANUAL, Validity.ALWAYS)),
                model.assignments());
    }

    @Test
    void testFilesOfAPoliciesFolder() {
        assertEquals(List.of(Path.of("policies/tests/saas-analytics.yaml")),
                PolicyTestRunner.testFiles(Path.of("policies")));
        assertEquals(List.of(), PolicyTestRunner.testFiles(Path.of("no-such-folder")));
    }
}
