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
 * {@code policy diff TEMPLATE ACCOUNT-EXPORT} in-process: equal catalogs (the export's built-in
 * {@code rbac.*} permissions ignored) exit 0; a drifted account lists every difference in a fixed
 * order and exits 1; unreadable or foreign input exits 2.
 */
class PolicyDiffCommandTest {

    private static final String TEMPLATE = "src/test/resources/policy-cli/failing-tests/templates/shop.yaml";
    private static final String DIFF = "src/test/resources/policy-cli/diff/";

    @Test
    void anAccountThatMatchesItsTemplateHasNoDifferences() {
        CliRun run = CliRun.of("diff", TEMPLATE, DIFF + "shop-equal.json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(header(), "+++ account acme at revision 42 (" + DIFF + "shop-equal.json)",
                "no differences"), run.outLines());
    }

    @Test
    void aDriftedAccountListsEveryDifference() {
        CliRun run = CliRun.of("diff", TEMPLATE, DIFF + "shop-drifted.json");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(header(), "+++ account acme at revision 57 (" + DIFF + "shop-drifted.json)",
                "- permission order.refund: operations order.refund",
                "~ permission order.view: description \"See orders\" -> \"See all orders\"",
                "~ permission order.view: - operation order.list",
                "~ permission order.view: + operation order.export",
                "+ permission stock.view: operations stock.list",
                "+ role auditor: grants order.view; inherits clerk",
                "~ role clerk: + grant stock.view",
                "~ role manager: - grant order.refund",
                "~ role manager: + grant order.view",
                "~ role manager: + grant rbac.users.read",
                "~ role manager: - inherits clerk",
                "differences: permissions 1 added, 1 removed, 1 changed; roles 1 added, 0 removed, 2 changed"),
                run.outLines());
    }

    @Test
    void descriptionsCanBeIgnored() {
        CliRun run = CliRun.of("diff", "--ignore-descriptions", TEMPLATE, DIFF + "shop-drifted.json");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(false, run.out().contains("description"), run::toString);
        assertEquals(13, run.outLines().size(), run::toString);
    }

    @Test
    void differencesAsJson() throws Exception {
        CliRun run = CliRun.of("diff", TEMPLATE, DIFF + "shop-drifted.json", "--format", "json");
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode json = Report.JSON.readTree(run.out());
        assertEquals(false, json.get("equal").asBoolean());
        assertEquals("shop", json.at("/template/name").asText());
        assertEquals("acme", json.at("/account/id").asText());
        assertEquals(57, json.at("/account/revision").asInt());
        assertEquals(1, json.at("/summary/permissions/added").asInt());
        assertEquals(2, json.at("/summary/roles/changed").asInt());
        JsonNode changes = json.get("changes");
        assertEquals(8, changes.size());
        assertEquals("{\"kind\":\"permission\",\"name\":\"order.refund\",\"change\":\"removed\",\"operations\":"
                + "[\"order.refund\"]}", changes.get(0).toString());
        assertEquals("{\"kind\":\"permission\",\"name\":\"order.view\",\"change\":\"changed\",\"field\":\"description\","
                + "\"template\":\"See orders\",\"account\":\"See all orders\"}", changes.get(1).toString());
        assertEquals("{\"kind\":\"permission\",\"name\":\"order.view\",\"change\":\"changed\",\"field\":\"operations\","
                + "\"added\":[\"order.export\"],\"removed\":[\"order.list\"]}", changes.get(2).toString());
        assertEquals("{\"kind\":\"role\",\"name\":\"manager\",\"change\":\"changed\",\"field\":\"inherits\","
                + "\"added\":[],\"removed\":[\"clerk\"]}", changes.get(7).toString());
    }

    @Test
    void equalAsJson() throws Exception {
        CliRun run = CliRun.of("diff", "--format=json", TEMPLATE, DIFF + "shop-equal.json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = Report.JSON.readTree(run.out());
        assertEquals(true, json.get("equal").asBoolean());
        assertEquals(0, json.get("changes").size());
    }

    @Test
    void unreadableOrForeignInputExitsTwo() {
        assertUsage(CliRun.of("diff", TEMPLATE), "error: Missing required parameter: 'ACCOUNT-EXPORT'");
        assertUsage(CliRun.of("diff", TEMPLATE, DIFF + "none.json"), "error: no such file: " + DIFF + "none.json");
        assertUsage(CliRun.of("diff", "nowhere.yaml", DIFF + "shop-equal.json"), "error: no such file: nowhere.yaml");
        assertUsage(CliRun.of("diff", TEMPLATE, DIFF + "wrong-shape.json"), "error: " + DIFF + "wrong-shape.json: "
                + "/catalog/permissions/order.view/operations: expected a list of strings");
        assertUsage(CliRun.of("diff", TEMPLATE, DIFF + "other-format.json"), "error: " + DIFF + "other-format.json: "
                + "/format: expected \"rolegate.account-export\": not an account export");
    }

    /** Issue 11 item 3: a string where the version number belongs is not version 1. */
    @Test
    void aVersionOfTheWrongJsonTypeIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("string-version.json");
        String equal = Files.readString(Path.of(DIFF + "shop-equal.json"));
        Files.writeString(file, equal.replaceFirst("\"version\": *1", "\"version\": \"1\""));
        assertUsage(CliRun.of("diff", TEMPLATE, file.toString()), "error: " + file + ": /version: export format "
                + "version \"1\" is not supported (this command reads version 1)");
    }

    @Test
    void anExportThatIsNotJsonIsRefusedAtItsLine() {
        CliRun truncated = CliRun.of("diff", TEMPLATE, DIFF + "truncated.json");
        assertEquals(2, truncated.exitCode(), truncated::toString);
        assertTrue(truncated.err().startsWith("error: " + DIFF + "truncated.json:4:1: not valid JSON: Unexpected "
                + "end-of-input"), truncated::toString);
        CliRun xml = CliRun.of("diff", TEMPLATE, "pom.xml");
        assertEquals(2, xml.exitCode(), xml::toString);
        assertTrue(xml.err().startsWith("error: pom.xml:1:1: not valid JSON: Unexpected character ('<'"), xml::toString);
    }

    @Test
    void anInvalidTemplateIsReportedAndExitsTwo() {
        String broken = "src/test/resources/policy-cli/broken/templates/extra.yaml";
        CliRun run = CliRun.of("diff", broken, DIFF + "shop-equal.json");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of(broken + ":6:14: error: role 'picker' grants unknown permission 'stock.veiw' (did you "
                + "mean 'stock.view'?) [unknown_permission]",
                "error: the template is invalid; fix it first ('policy validate' reports the same)"), run.errLines());
    }

    private static String header() {
        return "--- template shop (" + TEMPLATE + ")";
    }

    private static void assertUsage(CliRun run, String firstLine) {
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(firstLine, run.errLines().get(0), run::toString);
        assertEquals("", run.out(), run::toString);
    }
}
