package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's roles, matrix, groups and audit screens (issue 14) through HTTP with a session
 * cookie, on the real PostgreSQL: every page and write is the session admin's (a forged edit by an
 * admin who may not write roles is refused and writes nothing), bad input is refused whole with
 * the error under its field, nothing of another account is ever shown, and the export is the
 * account's own entries, one JSON object per line.
 */
@QuarkusTest
class ConsoleRolesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @jakarta.inject.Inject
    javax.sql.DataSource database;

    private static String revision(String account) {
        return as(Tokens.platform()).get("/v1/accounts/" + account).then().statusCode(200).extract().header("Rolegate-Revision");
    }

    /** Waits until checks see the account's latest revision, so the next console request is authorized on it. */
    private static void awaitHead(String account, String subject, String permission) {
        long head = ((Number) admin(account).get("/v1/accounts/" + account + "/changes?limit=1").then().statusCode(200)
                .extract().path("head")).longValue();
        as(Tokens.check(account)).body(Map.of("subject", subject, "permission", permission, "atLeastRevision", head))
                .post("/v1/accounts/" + account + "/check").then().statusCode(200);
    }

    private static ConsoleSessionTest.Browser session(String account, String admin) {
        return ConsoleSessionTest.open(account, ConsoleSessionTest.link(account, admin, null),
                cookie -> { throw new AssertionError(admin + " opens the console's home page"); });
    }

    /** An account with bob (analyst) and audrey, an auditor who may read roles and the audit log but write nothing. */
    private static String accountWithAnAuditor() {
        String a = Api.createAccount("console-roles");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("description", "Reads everything, changes nothing",
                        "permissions", List.of("rbac.account.read", "rbac.roles.read", "rbac.users.read", "rbac.audit.read"),
                        "inherits", List.of()))
                .put(base + "/roles/auditor").then().statusCode(201);
        for (String user : List.of("bob", "audrey")) {
            admin(a).body(Map.of()).put(base + "/users/" + user).then().statusCode(201);
        }
        admin(a).body(Map.of()).put(base + "/users/bob/roles/analyst").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/audrey/roles/auditor").then().statusCode(201);
        awaitHead(a, "audrey", "rbac.roles.read");
        return a;
    }

    @Test
    void aForgedRoleEditByAnAdminWhoMayNotWriteRolesIsRefusedAndWritesNothing() {
        String a = accountWithAnAuditor();
        String console = "/console/" + a;
        ConsoleSessionTest.Browser audrey = session(a, "audrey");

        // she reads the roles and the matrix, and is told why she cannot change them
        audrey.request().accept("text/html").get(console + "/roles").then().statusCode(200)
                .body(containsString("href=\"" + console + "/roles/analyst\""))
                .body(containsString("<span class=\"badge custom\">custom role</span>"))
                .body(not(containsString("id=\"new-role\"")));
        audrey.request().get(console + "/roles/analyst").then().statusCode(200)
                .body(containsString("Changing it needs the permission <code>rbac.roles.write</code>"))
                .body(not(containsString("id=\"role-form\"")));
        audrey.request().get(console + "/roles/analyst/members").then().statusCode(200)
                .body(containsString("<td>bob</td>")).body(containsString("assigned directly"));
        audrey.request().get(console + "/matrix").then().statusCode(200)
                .body(containsString("<code>billing.manage</code>"));

        // the forms are not there, but a forged request is refused by the declaration, and nothing changes
        String before = revision(a);
        audrey.write().formParam("grants", "report.view").formParam("grants", "billing.manage").formParam("description", "forged")
                .post(console + "/roles/analyst").then().statusCode(403).body("code", equalTo("forbidden"))
                .body("detail", containsString("rbac.roles.write"));
        audrey.write().formParam("name", "forged").post(console + "/roles").then().statusCode(403);
        audrey.write().formParam("role", "owner").post(console + "/groups/pm/roles").then().statusCode(403);
        assertEquals(before, revision(a));
        admin(a).get("/v1/accounts/" + a + "/roles/analyst").then().statusCode(200)
                .body("permissions", not(org.hamcrest.Matchers.hasItem("billing.manage")));
        admin(a).get("/v1/accounts/" + a + "/roles/forged").then().statusCode(404);
    }

    @Test
    void aRoleEditIsPreviewedThenSavedHeldToThePreviewAndBadInputIsRefusedUnderItsField() {
        String a = accountWithAnAuditor();
        String console = "/console/" + a;
        ConsoleSessionTest.Browser owner = session(a, Tokens.adminSubject(a));
        admin(a).get("/v1/accounts/" + a + "/roles/analyst").then().statusCode(200)
                .body("permissions", not(org.hamcrest.Matchers.hasItem("billing.view")));
        String roleInheritingAnalyst = "admin";

        // the preview names bob (analyst) and the admins as gaining billing.view, and writes nothing
        String before = revision(a);
        String preview = owner.write().header("HX-Request", "true")
                .formParam("description", "Builds reports").formParam("grants", "report.edit").formParam("grants", "billing.view")
                .formParam("inherits", "viewer")
                .post(console + "/roles/analyst/preview").then().statusCode(200).extract().asString();
        assertTrue(preview.contains("<strong>bob</strong>"), preview);
        assertTrue(preview.contains("+ billing.view"), preview);
        assertTrue(preview.contains("billing.view_plan"), preview);
        assertFalse(preview.contains("audrey"), preview);
        assertEquals(before, revision(a));
        int affected = ((Number) admin(a).body(Map.of("changes", List.of(Map.of("op", "put", "path", "/roles/analyst",
                        "body", Map.of("description", "Builds reports", "permissions", List.of("report.edit", "billing.view"),
                                "inherits", List.of("viewer"))))))
                .post("/v1/accounts/" + a + "/changes/preview").then().statusCode(200).extract().path("affectedUsers")).intValue();
        assertTrue(preview.contains("value=\"" + affected + "\""), preview);
        assertTrue(preview.contains(affected + (affected == 1 ? " person's" : " people's") + " access would change"), preview);

        // a save held to fewer people than it touches is refused, and writes nothing
        owner.write().formParam("description", "Builds reports").formParam("grants", "report.edit").formParam("grants", "billing.view")
                .formParam("inherits", "viewer").formParam("expectAffected", Integer.toString(affected - 1))
                .post(console + "/roles/analyst").then().statusCode(409)
                .body(containsString("access changed since your preview"));
        owner.write().formParam("grants", "report.edit").formParam("expectAffected", "lots")
                .post(console + "/roles/analyst").then().statusCode(400).body(containsString("preview again"));
        // a preview of bad input is the problem as a fragment for the preview's place
        owner.write().header("HX-Request", "true").formParam("grants", "report.edit").formParam("wildcards", "Report.*")
                .post(console + "/roles/analyst/preview").then().statusCode(400)
                .body(containsString("Report.*")).body(not(containsString("<!DOCTYPE html>")));
        assertEquals(before, revision(a));

        // bad input: each error under its field, what was typed kept, nothing written
        owner.write().formParam("grants", "report.edit").formParam("wildcards", "Report.*")
                .post(console + "/roles/analyst").then().statusCode(400)
                .body(containsString("id=\"grants-error\""))
                .body(containsString("Report.*"));
        owner.write().formParam("grants", "report.edit").formParam("inherits", "analyst-of-nothing")
                .post(console + "/roles/analyst").then().statusCode(422)
                .body(containsString("id=\"inherits-error\""));
        owner.write().formParam("grants", "report.edit").formParam("inherits", roleInheritingAnalyst)
                .post(console + "/roles/analyst").then().statusCode(422)
                .body(containsString("id=\"inherits-error\"")).body(containsString("cycle"));
        assertEquals(before, revision(a));

        // a save of a form shown before someone else changed the role does not overwrite their change
        String shown = owner.request().get(console + "/roles/analyst").then().statusCode(200).extract().asString();
        java.util.regex.Matcher etag = java.util.regex.Pattern.compile("name=\"etag\" value=\"([^\"]+)\"").matcher(shown);
        assertTrue(etag.find(), shown);
        owner.write().formParam("grants", "report.edit").formParam("etag", "\"not-the-current-one\"")
                .post(console + "/roles/analyst").then().statusCode(412)
                .body(containsString("someone changed this role since you opened it"));
        assertEquals(before, revision(a));

        // the save as previewed
        owner.write().formParam("etag", etag.group(1).replace("&quot;", "\"")).formParam("description", "Builds reports").formParam("grants", "report.edit").formParam("grants", "billing.view")
                .formParam("inherits", "viewer").formParam("expectAffected", Integer.toString(affected))
                .post(console + "/roles/analyst").then().statusCode(200)
                .body(containsString("Saved role analyst"));
        admin(a).get("/v1/accounts/" + a + "/roles/analyst").then().statusCode(200)
                .body("permissions", equalTo(List.of("billing.view", "report.edit")))
                .body("description", equalTo("Builds reports"));
        // and the role page now shows its difference to the template
        owner.request().get(console + "/roles/analyst").then().statusCode(200)
                .body(containsString("changed from the template"))
                .body(containsString("<span class=\"gains\">+ Carries in addition:</span> <code>billing.view</code>"));
        // the audit log names the owner
        List<Map<String, Object>> entries = admin(a).get("/v1/accounts/" + a + "/audit?target=role:analyst").then().statusCode(200)
                .extract().path("items");
        assertEquals("role.update", entries.get(entries.size() - 1).get("action"));
        assertEquals(Tokens.adminSubject(a), entries.get(entries.size() - 1).get("actor"));

        // a new custom role: a taken name refused under its field, a new one created
        owner.write().formParam("name", "analyst").post(console + "/roles").then().statusCode(400)
                .body(containsString("id=\"name-error\"")).body(containsString("exists already"));
        owner.write().formParam("name", "support").formParam("description", "Answers tickets").post(console + "/roles")
                .then().statusCode(200).header("HX-Redirect", console + "/roles/support");
        admin(a).get("/v1/accounts/" + a + "/roles/support").then().statusCode(200).body("description", equalTo("Answers tickets"));
    }

    @Test
    void aGroupsMembersAndRolesChangeAsTheAdminWithErrorsUnderTheirForm() {
        String a = accountWithAnAuditor();
        String console = "/console/" + a;
        String base = "/v1/accounts/" + a;
        ConsoleSessionTest.Browser owner = session(a, Tokens.adminSubject(a));
        owner.request().get(console + "/groups").then().statusCode(200).body(containsString("This account has no groups yet"));

        owner.write().formParam("id", "pm").formParam("displayName", "Product managers").post(console + "/groups")
                .then().statusCode(200).header("HX-Redirect", console + "/groups/pm");
        owner.write().formParam("id", "pm").post(console + "/groups").then().statusCode(400).body(containsString("id=\"id-error\""));
        owner.write().formParam("id", "bad id").post(console + "/groups").then().statusCode(400).body(containsString("id=\"id-error\""));

        owner.write().formParam("user", "bob").post(console + "/groups/pm/members").then().statusCode(200)
                .body(containsString("Added bob to the group."));
        String before = revision(a);
        owner.write().formParam("user", "nobody").post(console + "/groups/pm/members").then().statusCode(404)
                .body(containsString("id=\"user-error\"")).body(containsString("nobody"));
        assertEquals(before, revision(a));
        owner.write().formParam("role", "analyst").post(console + "/groups/pm/roles").then().statusCode(200)
                .body(containsString("Assigned role analyst"));
        admin(a).get(base + "/groups/pm/members").then().statusCode(200).body("items.id", equalTo(List.of("bob")));
        admin(a).get(base + "/groups/pm/roles").then().statusCode(200).body("items.id", equalTo(List.of("analyst")));
        owner.request().get(console + "/groups").then().statusCode(200)
                .body(containsString("href=\"" + console + "/groups/pm\"")).body(containsString("Product managers"));

        owner.write().delete(console + "/groups/pm/roles/analyst").then().statusCode(200).body(containsString("Revoked role analyst"));
        owner.write().delete(console + "/groups/pm/members/bob").then().statusCode(200).body(containsString("Removed bob"));
        admin(a).get(base + "/groups/pm/members").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        admin(a).get(base + "/groups/pm/roles").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());

        // the auditor reads the group but its forms are not there, and a forged add is refused
        ConsoleSessionTest.Browser audrey = session(a, "audrey");
        audrey.request().get(console + "/groups/pm").then().statusCode(200).body(not(containsString("Add member")));
        audrey.write().formParam("user", "audrey").post(console + "/groups/pm/members").then().statusCode(403);
        admin(a).get(base + "/groups/pm/members").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void nothingOfAnotherAccountIsShownOrWritten() {
        String a = accountWithAnAuditor();
        String b = Api.createAccount("console-roles");
        admin(b).body(Map.of("displayName", "Secret team of B")).put("/v1/accounts/" + b + "/groups/b-secret").then().statusCode(201);
        admin(b).body(Map.of("description", "B only", "permissions", List.of("report.view"), "inherits", List.of()))
                .put("/v1/accounts/" + b + "/roles/b-private").then().statusCode(201);
        ConsoleSessionTest.Browser owner = session(a, Tokens.adminSubject(a));
        String other = "/console/" + b;
        for (String page : List.of("/roles", "/roles/b-private", "/matrix", "/groups", "/groups/b-secret", "/audit",
                "/audit/verify", "/audit/export?format=jsonl")) {
            owner.request().get(other + page).then().statusCode(404).body(containsString("account_not_found"));
        }
        String before = revision(b);
        owner.write().formParam("grants", "billing.manage").post(other + "/roles/b-private").then().statusCode(404);
        owner.write().formParam("user", "owner@" + b + ".test").post(other + "/groups/b-secret/members").then().statusCode(404);
        owner.write().delete(other + "/groups/b-secret/members/owner@" + b + ".test").then().statusCode(404);
        assertEquals(before, revision(b));

        // a's own pages name nothing of b
        for (String page : List.of("/roles", "/matrix", "/groups", "/audit", "/audit/export?format=jsonl")) {
            String body = owner.request().get("/console/" + a + page).then().statusCode(200).extract().asString();
            assertFalse(body.contains("b-secret") || body.contains("b-private") || body.contains(b), page);
        }
        owner.request().get("/console/" + a + "/roles/b-private").then().statusCode(404);
        owner.request().get("/console/" + a + "/groups/b-secret").then().statusCode(404);
    }

    @Test
    void theAuditPageFiltersVerifiesAndExportsTheAccountsOwnEntries() throws Exception {
        String a = accountWithAnAuditor();
        String b = Api.createAccount("console-roles");
        admin(b).body(Map.of()).put("/v1/accounts/" + b + "/users/bob").then().statusCode(201);
        String console = "/console/" + a;
        ConsoleSessionTest.Browser audrey = session(a, "audrey");

        long total = ((Number) admin(a).get("/v1/accounts/" + a + "/audit").then().statusCode(200).extract().path("total")).longValue();
        audrey.request().get(console + "/audit").then().statusCode(200)
                .body(containsString(total + " entries, newest first"))
                .body(containsString("<span class=\"badge act-create\">role.create</span>"));
        String newest = audrey.request().get(console + "/audit").then().extract().asString();
        int first = newest.indexOf("<td class=\"num\">" + total + "</td>");
        assertTrue(first > 0 && first < newest.indexOf("<td class=\"num\">" + (total - 1) + "</td>"), "newest first");
        audrey.request().get(console + "/audit?action=assignment.create&target=user:bob").then().statusCode(200)
                .body(containsString("1 entry matches"))
                .body(containsString("<code>user:bob/role:analyst</code>"))
                .body(not(containsString("user:audrey/role:auditor")));
        audrey.request().get(console + "/audit?from=2026-12-07T10:00&to=2026-12-07T09:00").then().statusCode(400)
                .body(containsString("id=\"from-error\""));
        audrey.request().get(console + "/audit?from=yesterday").then().statusCode(400)
                .body(containsString("id=\"from-error\"")).body(containsString("ISO-8601"));
        audrey.request().get(console + "/audit/verify").then().statusCode(200)
                .body(containsString("Chain verified")).body(containsString(total + " entries"));

        // the export: this account's entries only, one object per line, none starting with a space
        var download = audrey.request().get(console + "/audit/export?format=jsonl").then().statusCode(200)
                .contentType(containsString("application/x-ndjson"))
                .header("Content-Disposition", "attachment; filename=\"audit-" + a + ".jsonl\"").extract().asString();
        List<JsonNode> lines = lines(download);
        assertEquals(total, lines.size());
        for (JsonNode line : lines) {
            assertEquals(a, line.get("account").asText());
        }
        assertEquals(lines(admin(a).get("/v1/accounts/" + a + "/audit/export?format=jsonl").then().statusCode(200)
                .extract().asString()), lines);
        List<JsonNode> filtered = lines(audrey.request().get(console + "/audit/export?format=jsonl&action=role.create")
                .then().statusCode(200).extract().asString());
        assertEquals(List.of("role:auditor"), filtered.stream().map(l -> l.get("target").asText()).toList());
        audrey.request().get(console + "/audit/export?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).body(containsString("account,id,at,actor"));
        audrey.request().get(console + "/audit/export?format=xml").then().statusCode(400);
    }

    @Test
    void anAlteredEntryShowsTheChainBrokenFromThere() throws Exception {
        String a = accountWithAnAuditor();
        ConsoleSessionTest.Browser audrey = session(a, "audrey");
        audrey.request().get("/console/" + a + "/audit/verify").then().statusCode(200).body(containsString("Chain verified"));
        // what an intruder with database access would do: the append-only trigger is bypassed for this one session
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.executeUpdate("UPDATE audit_log SET actor = 'someone-else' WHERE account_id = '" + a + "' AND seq = 3");
            statement.execute("SET session_replication_role = DEFAULT");
        }
        audrey.request().get("/console/" + a + "/audit/verify").then().statusCode(200)
                .body(containsString("Chain broken at entry 3")).body(not(containsString("Chain verified")));
    }

    /** JSON Lines: each line one object, with no leading space (Jackson's root separator would add one). */
    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            assertFalse(Character.isWhitespace(line.charAt(0)), "a line starts with whitespace: " + line);
            out.add(JSON.readTree(line));
        }
        assertTrue(body.endsWith("\n"));
        return out;
    }
}
