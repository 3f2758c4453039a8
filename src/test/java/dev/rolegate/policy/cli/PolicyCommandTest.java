package dev.rolegate.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy validate} and {@code policy test} in-process (surefire runs in the project root):
 * the shipped {@code policies/} pass with exit 0; broken fixtures fail with exit 1 and exact
 * {@code file:line:column} lines; usage errors exit 2.
 */
class PolicyCommandTest {

    private static final String FAILING = "src/test/resources/policy-cli/failing-tests";
    private static final String BROKEN = "src/test/resources/policy-cli/broken";
    private static final String FIXTURES = "src/test/resources/policy-fixtures";
    /** The problems of the broken tests file, which both validate and test report. */
    private static final List<String> BROKEN_TESTS_FILE = List.of(
            BROKEN + "/tests/shop.yaml:4:13: error: template 'shop' has no role 'clark' (did you mean 'clerk'?) "
                    + "[unknown_role]",
            BROKEN + "/tests/shop.yaml:6:20: error: template 'shop' has no operation 'order.delete' [unknown_operation]");

    @Test
    void theShippedPoliciesValidate() {
        CliRun run = CliRun.of("validate", "policies");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("2 templates, 1 tests file: 0 errors, 0 warnings"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void theShippedPolicyTestsPass() {
        CliRun run = CliRun.of("test", "policies/");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("12 cases, 0 failed (82 checks, 0 failed)"), run.outLines());
    }

    @Test
    void aCaseExpectingTheWrongDecisionFailsAtItsLine() {
        CliRun run = CliRun.of("test", FAILING);
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(
                FAILING + "/tests/shop.yaml:12:32: error: case 'a clerk refunds (wrong on purpose)' (line 9, roles "
                        + "[clerk]): operation order.refund should be allowed but is denied (missing_permission: "
                        + "order.refund) [test_failed]",
                FAILING + "/tests/shop.yaml:17:21: error: case 'a manager views nothing (wrong on purpose)' (line 14, "
                        + "roles [manager]): permission order.view should be denied but is allowed [test_failed]",
                "3 cases, 2 failed (5 checks, 2 failed)"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void failedCasesAsJson() throws Exception {
        CliRun run = CliRun.of("test", FAILING, "--format", "json");
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode json = Report.JSON.readTree(run.out());
        assertEquals(false, json.get("ok").asBoolean());
        assertEquals(3, json.get("cases").asInt());
        assertEquals(2, json.get("failedCases").asInt());
        assertEquals(5, json.get("checks").asInt());
        JsonNode first = json.get("findings").get(0);
        assertEquals(FAILING + "/tests/shop.yaml", first.get("file").asText());
        assertEquals(12, first.get("line").asInt());
        assertEquals(32, first.get("column").asInt());
        assertEquals("test_failed", first.get("code").asText());
        assertEquals("a clerk refunds (wrong on purpose)", first.get("case").asText());
        assertEquals(9, first.get("caseLine").asInt());
        assertEquals("operation", first.get("target").asText());
        assertEquals("order.refund", first.get("name").asText());
        assertEquals("allow", first.get("expected").asText());
        assertEquals("deny", first.get("actual").asText());
        assertEquals("missing_permission", first.get("reason").asText());
        assertEquals("order.refund", first.get("missing").get(0).asText());
        assertEquals(2, json.get("findings").size());
    }

    @Test
    void failedCasesAsGitHubAnnotations() {
        CliRun run = CliRun.of("test", FAILING, "--format=github");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("::error file=" + FAILING + "/tests/shop.yaml,line=17,col=21,title=test_failed::case 'a manager "
                + "views nothing (wrong on purpose)' (line 14, roles [manager]): permission order.view should be "
                + "denied but is allowed", run.outLines().get(1));
    }

    @Test
    void brokenPolicyFilesFailValidationWithEveryProblemAtItsLine() {
        CliRun run = CliRun.of("validate", BROKEN);
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(
                BROKEN + "/templates/extra.yaml:6:14: error: role 'picker' grants unknown permission 'stock.veiw' "
                        + "(did you mean 'stock.view'?) [unknown_permission]",
                BROKEN + "/templates/index.txt:1:1: error: template file extra.yaml is not listed in index.txt, so "
                        + "the jar would not ship it [unlisted_template]",
                BROKEN + "/templates/index.txt:3:1: error: template 'ghost' is listed but " + BROKEN
                        + "/templates/ghost.yaml does not exist [missing_template]",
                BROKEN_TESTS_FILE.get(0),
                BROKEN_TESTS_FILE.get(1),
                "2 templates, 1 tests file: 5 errors, 0 warnings"), run.outLines());
    }

    @Test
    void testsFilesThatDoNotLoadFailTheTestRun() {
        CliRun run = CliRun.of("test", BROKEN);
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(BROKEN_TESTS_FILE.get(0), BROKEN_TESTS_FILE.get(1),
                "0 cases, 0 failed (0 checks, 0 failed); 1 of 1 tests file did not load"), run.outLines());
    }

    @Test
    void aFlatFolderOfTemplatesValidatesEachFileAndWarningsPass() {
        CliRun run = CliRun.of("validate", FIXTURES);
        assertEquals(1, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.contains(FIXTURES + "/cycle.yaml:11:16: error: role inheritance cycle: admin -> lead -> "
                + "analyst -> admin [role_cycle]"), run::toString);
        assertTrue(lines.contains(FIXTURES + "/unknown-role.yaml:9:16: error: role 'analyst' inherits unknown role "
                + "'viewr' (did you mean 'viewer'?) [unknown_role]"), run::toString);
        assertTrue(lines.contains(FIXTURES + "/wildcard-nothing.yaml:8:27: warning: grant 'dashboard.*' of role "
                + "'viewer' covers no declared permission [wildcard_matches_nothing]"), run::toString);
        assertEquals("14 templates, 0 tests files: 21 errors, 1 warning", lines.get(lines.size() - 1));
    }

    @Test
    void aTemplateWithOnlyAWarningPasses(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(FIXTURES, "wildcard-nothing.yaml"), dir.resolve("wildcard-nothing.yaml"));
        CliRun run = CliRun.of("validate", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(dir + "/wildcard-nothing.yaml:8:27: warning: grant 'dashboard.*' of role 'viewer' covers "
                + "no declared permission [wildcard_matches_nothing]", "1 template, 0 tests files: 0 errors, 1 warning"),
                run.outLines());
    }

    @Test
    void validateAsJson() throws Exception {
        CliRun run = CliRun.of("validate", "--format", "JSON", BROKEN);
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode json = Report.JSON.readTree(run.out());
        assertEquals(5, json.get("errors").asInt());
        assertEquals(2, json.get("templates").asInt());
        JsonNode missing = json.get("findings").get(2);
        assertEquals(BROKEN + "/templates/index.txt", missing.get("file").asText());
        assertEquals(3, missing.get("line").asInt());
        assertEquals("error", missing.get("severity").asText());
        assertEquals("missing_template", missing.get("code").asText());
    }

    @Test
    void gitHubAnnotationsEscapeCommasAndColonsInProperties(@TempDir Path dir) throws Exception {
        Path odd = Files.createDirectories(dir.resolve("a,b:c"));
        Files.writeString(odd.resolve("x.yaml"), "template: x\npermissions: {}\nroles: {viewer: {grants: [nope]}}\n");
        CliRun run = CliRun.of("validate", "--format", "github", odd.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("::error file=" + dir + "/a%2Cb%3Ac/x.yaml,line=3,col=27,title=unknown_permission::role 'viewer' "
                + "grants unknown permission 'nope'", run.outLines().get(0));
    }

    @Test
    void usageErrorsExitTwoWithAShortMessageOnStderr(@TempDir Path empty) throws Exception {
        assertUsage(CliRun.of(), "error: missing command: validate, test or diff");
        assertUsage(CliRun.of("validate"), "error: Missing required parameter: 'DIR'");
        assertUsage(CliRun.of("validate", "no/such/dir"), "error: no such folder: no/such/dir");
        assertUsage(CliRun.of("validate", "pom.xml"), "error: not a folder: pom.xml");
        assertUsage(CliRun.of("validate", empty.toString()), "error: no policy files (*.yaml) in " + empty);
        assertUsage(CliRun.of("validate", "policies", "--format", "xml"), "error: Invalid value for option '--format': "
                + "expected one of [text, json, github] (case-insensitive) but was 'xml'");
        assertUsage(CliRun.of("test", FIXTURES), "error: no tests folder: " + FIXTURES + "/tests");
        assertUsage(CliRun.of("lint", "policies"), "error: Unmatched arguments from index 0: 'lint', 'policies'");
        Files.createDirectories(empty.resolve("tests"));
        assertUsage(CliRun.of("test", empty.toString()), "error: no policy tests (*.yaml) in " + empty + "/tests");
    }

    @Test
    void helpIsOnStdoutAndExitsZero() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().startsWith("Usage: policy [-h] [COMMAND]"), top::toString);
        assertTrue(top.out().contains("  validate  "), top::toString);
        CliRun validate = CliRun.of("help", "validate");
        assertEquals(0, validate.exitCode());
        assertTrue(validate.out().startsWith("Usage: policy validate [-h] [--format=FORMAT] DIR"), validate::toString);
        CliRun diff = CliRun.of("diff", "-h");
        assertEquals(0, diff.exitCode());
        assertTrue(diff.out().contains("  1   they differ"), diff::toString);
    }

    private static void assertUsage(CliRun run, String firstLine) {
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(firstLine, run.errLines().get(0), run::toString);
        assertEquals("", run.out(), run::toString);
    }
}
