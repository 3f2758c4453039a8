package dev.rolegate.policy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code policy plan TEMPLATE ACCOUNT-EXPORT} in-process (issue 13 item 6): the impact preview
 * of applying a template's permissions and roles to an exported account, by the engine.
 */
class PolicyPlanCommandTest {

    private static final String TEMPLATE = "src/test/resources/policy-cli/failing-tests/templates/shop.yaml";
    private static final String EXPORT = "src/test/resources/policy-cli/plan/shop-with-people.json";
    private static final String AT = "2026-06-01T00:00:00Z";

    @Test
    void listsWhoGainsAndWhoLosesWhat() {
        CliRun run = CliRun.of("plan", "--at", AT, TEMPLATE, EXPORT);
        assertEquals(1, run.exitCode(), run::toString);
        // manager gets order.refund and inherits clerk; clerk loses stock.view; order.view lists order.list,
        // not order.export. cy is disabled and dee's only assignment expired: neither changes
        assertEquals(List.of(
                "plan: template shop (" + TEMPLATE + ") onto account acme at revision 57 (" + EXPORT + "), at " + AT,
                "~ ann",
                "    + permissions: order.refund",
                "    + operations: order.list, order.refund",
                "    - operations: order.export",
                "~ bo",
                "    + operations: order.list",
                "    - permissions: stock.view",
                "    - operations: order.export, stock.list",
                "affected users: 2 (2 gaining, 2 losing)"), run.outLines());
    }

    @Test
    void asJson() throws Exception {
        CliRun run = CliRun.of("plan", "--at", AT, "--format", "json", TEMPLATE, EXPORT);
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode json = Report.JSON.readTree(run.out());
        assertEquals(2, json.get("affectedUsers").asInt());
        assertEquals("shop", json.at("/template/name").asText());
        assertEquals(57, json.at("/account/revision").asInt());
        assertEquals("bo", json.at("/users/1/id").asText());
        assertEquals("[\"stock.view\"]", json.at("/users/1/lost/permissions").toString());
        assertEquals("[\"order.list\",\"order.refund\"]", json.at("/users/0/gained/operations").toString());
    }

    @Test
    void nobodyChangesWhenTheExportHasNoPeople() {
        CliRun run = CliRun.of("plan", TEMPLATE, "src/test/resources/policy-cli/diff/shop-drifted.json");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith("nobody's access changes\n"), run::toString);
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertEquals(2, CliRun.of("plan", TEMPLATE, "no-such-export.json").exitCode());
    }
}
