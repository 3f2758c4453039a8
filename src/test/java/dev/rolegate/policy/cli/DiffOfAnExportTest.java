package dev.rolegate.policy.cli;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy diff} on what {@code GET /v1/accounts/{a}/export} really returns, not a fixture:
 * an account made from the shipped {@code saas-analytics} template has no differences from that
 * template file; after an admin adds a permission and changes a role, exactly those show.
 */
@QuarkusTest
class DiffOfAnExportTest {

    private static final String TEMPLATE = "policies/templates/saas-analytics.yaml";

    @Test
    void aFreshAccountMatchesItsTemplateAndAnAdminsChangesShow(@TempDir Path dir) throws IOException {
        String account = Api.createAccount("clidiff");
        String owner = Tokens.admin(account);

        Path fresh = export(account, owner, dir.resolve("fresh.json"));
        CliRun same = CliRun.of("diff", TEMPLATE, fresh.toString());
        assertEquals(0, same.exitCode(), same::toString);
        assertEquals("no differences", same.outLines().get(same.outLines().size() - 1), same::toString);

        as(owner).body(Map.of("description", "Annotate reports", "operations", List.of("report.annotate")))
                .put("/v1/accounts/" + account + "/permissions/report.annotate").then().statusCode(201);
        as(owner).body(Map.of("description", "Reads reports, dashboards and definitions",
                        "permissions", List.of("report.view", "dashboard.view", "definitions.view", "report.annotate")))
                .put("/v1/accounts/" + account + "/roles/viewer").then().statusCode(200);

        Path drifted = export(account, owner, dir.resolve("drifted.json"));
        CliRun diff = CliRun.of("diff", TEMPLATE, drifted.toString());
        assertEquals(1, diff.exitCode(), diff::toString);
        List<String> lines = diff.outLines();
        assertTrue(lines.contains("+ permission report.annotate: operations report.annotate"), diff::toString);
        assertTrue(lines.contains("~ role viewer: + grant report.annotate"), diff::toString);
        assertEquals("differences: permissions 1 added, 0 removed, 0 changed; roles 0 added, 0 removed, 1 changed",
                lines.get(lines.size() - 1), diff::toString);
    }

    private static Path export(String account, String token, Path file) throws IOException {
        String body = as(token).get("/v1/accounts/" + account + "/export").then().statusCode(200).extract().asString();
        return Files.writeString(file, body);
    }
}
