package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.directory.UserSearch;
import dev.rolegate.directory.store.DirectoryQueries;
import dev.rolegate.platform.PagedQuery;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The console's people screens (issue 14) as a browser's requests with a session cookie: the users
 * list's search, filters and keyset paging (and its plan on 100,000 users), a user's paths and
 * fixes, the assign dialog's choices and preview, and the refusals: a role beyond the admin forged
 * with a valid CSRF token is 403 and writes nothing; another account's user is never shown.
 */
@QuarkusTest
class PeoplePagesTest {

    private static final Pattern USER_LINK = Pattern.compile("<td><a href=\"/console/[^/]+/users/([^\"]+)\">");

    @Inject
    DataSource database;

    @Inject
    DirectoryQueries queries;

    @Inject
    EntityManager em;

    /** The user ids of a list page, in order. */
    static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = USER_LINK.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static ConsoleSessionTest.Browser owner(String a) {
        return ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError("the owner opens the home page"); });
    }

    @Test
    void theListSearchesFiltersAndPagesOnTheServer() throws Exception {
        String a = Api.createAccount("people");
        // 120 users: u000..u119, every third disabled, every fourth from LDAP, names "Person n"
        sql("INSERT INTO app_user (account_id, id, email, display_name, status, source) SELECT '" + a + "', 'u' || lpad(i::text, 3, '0'), "
                + "'u' || i || '@example.test', 'Person ' || i, CASE WHEN i % 3 = 0 THEN 'disabled' ELSE 'active' END, "
                + "CASE WHEN i % 4 = 0 THEN 'ldap' ELSE 'local' END FROM generate_series(0, 119) i");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("displayName", "Product managers")).put(base + "/groups/pm").then().statusCode(201);
        for (String u : List.of("u001", "u002", "u050")) {
            admin(a).put(base + "/groups/pm/members/" + u).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
        }
        admin(a).body(Map.of()).put(base + "/users/u007/roles/analyst").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/groups/pm/roles/viewer").then().statusCode(201);
        ConsoleSessionTest.Browser browser = owner(a);
        String users = "/console/" + a + "/users";

        // page 1: 50 by id, the total of the account (121 with the owner), a next link after the 50th
        String page1 = browser.request().get(users).then().statusCode(200).body(containsString("121 users")).extract().asString();
        List<String> first = rows(page1);
        assertEquals(50, first.size());
        assertEquals("owner@" + a + ".test", first.get(0));
        assertEquals("u048", first.get(49));
        assertTrue(page1.contains("href=\"/console/" + a + "/users?after=u048\""), "next link");
        // page 2 by keyset continues exactly after u048
        List<String> second = rows(browser.request().get(users + "?after=u048").then().statusCode(200).extract().asString());
        assertEquals(50, second.size());
        assertEquals("u049", second.get(0));
        assertEquals("u098", second.get(49));
        List<String> third = rows(browser.request().get(users + "?after=u098").then().statusCode(200)
                .body(not(containsString("Next page"))).extract().asString());
        assertEquals(21, third.size());
        assertEquals("u119", third.get(20));

        // search as you type: a prefix of the id, the email or the display name, case-insensitive
        // (u011 by its email u11@example.test)
        assertEquals(List.of("u011", "u110", "u111", "u112", "u113", "u114", "u115", "u116", "u117", "u118", "u119"),
                rows(browser.request().get(users + "?q=U11").then().statusCode(200).body(containsString("11 users match")).extract().asString()));
        assertEquals(List.of("u042"), rows(browser.request().queryParam("q", "Person 42").get(users).then().statusCode(200).extract().asString()));
        // filters, ANDed
        assertEquals(List.of("u001", "u002", "u050"), rows(browser.request().get(users + "?group=pm").then().extract().asString()));
        // role filter: the role held directly or through a group (inheritance not followed)
        assertEquals(List.of("u001", "u002", "u050"), rows(browser.request().get(users + "?role=viewer").then().extract().asString()));
        assertEquals(List.of("u007"), rows(browser.request().get(users + "?role=analyst").then().extract().asString()));
        String ldapDisabled = browser.request().get(users + "?source=ldap&status=disabled&q=u0").then().statusCode(200).extract().asString();
        assertEquals(List.of("u000", "u012", "u024", "u036", "u048", "u060", "u072", "u084", "u096"), rows(ldapDisabled));
        assertTrue(ldapDisabled.contains("<span class=\"badge ldap\">LDAP</span>"));
        assertTrue(ldapDisabled.contains("<span class=\"badge off\">Disabled</span>"));
        // nothing found: an empty state that says what to do
        browser.request().get(users + "?q=zzz").then().statusCode(200).body(containsString("No user matches these filters"))
                .body(containsString("clear the filters"));
        // a filter that cannot be a value: 400, its error under its field, no rows
        String bad = browser.request().get(users + "?role=Not%20A%20Role").then().statusCode(400).extract().asString();
        assertTrue(bad.contains("id=\"role-error\""), bad);
        assertTrue(bad.contains("aria-invalid=\"true\""));
        assertEquals(List.of(), rows(bad));
        browser.request().get(users + "?source=bogus").then().statusCode(400).body(containsString("id=\"source-error\""));
    }

    @Test
    void aUserShowsEveryPathAndWhyNotWithTheFixesThisAdminMayApply() {
        String a = Api.createAccount("people");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("email", "bob@example.test", "displayName", "Bob Stone")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/groups/pm").then().statusCode(201);
        admin(a).put(base + "/groups/pm/members/bob").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
        admin(a).body(Map.of()).put(base + "/groups/pm/roles/viewer").then().statusCode(201);
        admin(a).body(Map.of("expiresAt", "2099-01-01T00:00:00Z")).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice/roles/admin").then().statusCode(201);
        ConsoleSessionTest.Browser alice = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, "alice", null), c -> null);

        String page = alice.request().get("/console/" + a + "/users/bob").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<h1>Bob Stone</h1>"), page);
        // direct roles with the window, effective roles, every path (directly, and through group pm)
        assertTrue(page.contains("<td><strong>viewer</strong></td><td>assigned by an admin</td><td>until 2099-01-01 00:00 UTC</td>"), page);
        assertTrue(page.contains("<ul class=\"chips\" id=\"effective-roles\"><li>viewer</li></ul>"), page);
        String reportView = page.substring(page.indexOf("data-permission=\"report.view\""));
        reportView = reportView.substring(0, reportView.indexOf("</ul>"));
        assertTrue(reportView.contains("through group <strong>pm</strong> · role <strong>viewer</strong>, <span class=\"src\">assigned by an admin</span>"), reportView);
        assertTrue(reportView.contains("directly · role <strong>viewer</strong>, <span class=\"src\">assigned by an admin</span> · <span class=\"window\">until 2099-01-01 00:00 UTC</span>"), reportView);
        assertTrue(page.contains("<li><code>report.open</code></li>"));
        assertFalse(page.contains("<li><code>report.share_link</code></li>"));

        // why can't bob share a report: report.share is missing; analyst would add it, alice may assign it
        String why = alice.request().header("HX-Request", "true").get("/console/" + a + "/users/bob/why?operation=report.share_link")
                .then().statusCode(200).extract().asString();
        assertTrue(why.contains("<span class=\"badge off\">Denied</span>"), why);
        assertTrue(why.contains("<code>report.share</code>"), why);
        assertTrue(why.contains("name=\"roles\" value=\"analyst\""), why);
        assertFalse(why.contains("value=\"owner\""), "owner exceeds alice: not offered as a fix");
        // billing needs owner, which alice may not assign: no fix she can apply
        alice.request().get("/console/" + a + "/users/bob/why?operation=billing.change_plan").then().statusCode(200)
                .body(containsString("No set of up to 3 roles that you may assign"));
        // a disabled user: no role helps, so no fix is offered
        admin(a).body(Map.of("status", "disabled")).put(base + "/users/dan").then().statusCode(201);
        alice.request().get("/console/" + a + "/users/dan/why?operation=report.open").then().statusCode(200)
                .body(containsString("the user is disabled")).body(not(containsString("name=\"roles\"")));
        alice.request().header("HX-Request", "true").get("/console/" + a + "/users/bob/why?operation=no.such").then().statusCode(404)
                .body(containsString("class=\"problem\""));

        // one click applies the fix; the answer is then "allowed", and so is the API's check
        alice.write().formParam("operation", "report.share_link").formParam("roles", "analyst")
                .post("/console/" + a + "/users/bob/fixes/apply").then().statusCode(200)
                .header("HX-Trigger", "console:changed")
                .body(containsString("Assigned analyst to <strong>bob</strong>"))
                .body(containsString("<span class=\"badge ok\">Allowed</span>"));
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "report.share_link")).post(base + "/check")
                .then().statusCode(200).body("allowed", equalTo(true));
        // a fix beyond alice, forged: 403 and nothing written
        alice.write().formParam("operation", "billing.change_plan").formParam("roles", "analyst,owner")
                .post("/console/" + a + "/users/bob/fixes/apply").then().statusCode(403).body("code", equalTo("forbidden"));
        admin(a).get(base + "/users/bob/roles").then().statusCode(200).body("items.id", equalTo(List.of("analyst", "viewer")));
    }

    @Test
    void theAssignDialogOffersOnlyGrantableRolesPreviewsAndRefusesAForgedOne() {
        String a = Api.createAccount("people");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of()).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/bob/roles/viewer").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice/roles/admin").then().statusCode(201);
        ConsoleSessionTest.Browser alice = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, "alice", null), c -> null);
        String user = "/console/" + a + "/users/bob";

        String dialog = alice.request().header("HX-Request", "true").get(user + "/assign").then().statusCode(200).extract().asString();
        assertTrue(dialog.contains("<input type=\"radio\" name=\"role\" value=\"analyst\">"), dialog);
        assertTrue(dialog.contains("<input type=\"radio\" name=\"role\" value=\"owner\" disabled"), dialog);
        assertTrue(dialog.contains("It grants permissions you do not hold yourself."), dialog);
        assertTrue(dialog.contains("<input type=\"radio\" name=\"role\" value=\"viewer\" disabled"), "already assigned: greyed");
        assertTrue(dialog.contains("Already assigned to this user."));
        // search the roles
        String searched = alice.request().get(user + "/assign?q=an").then().statusCode(200).extract().asString();
        assertTrue(searched.contains("value=\"analyst\"") && !searched.contains("value=\"owner\""), searched);

        // the preview says what bob gains, and writes nothing
        String preview = alice.write().formParam("role", "analyst").formParam("validFrom", "").formParam("expiresAt", "")
                .post(user + "/assign/preview").then().statusCode(200).extract().asString();
        assertTrue(preview.contains("<strong>bob</strong> gains:"), preview);
        assertTrue(preview.contains("<li><code>report.share</code></li>"), preview);
        assertTrue(preview.contains("<code>report.share_link</code>"), preview);
        assertTrue(preview.contains("hx-post=\"/console/" + a + "/users/bob/roles/analyst\""), preview);
        admin(a).get(base + "/users/bob/roles").then().body("items.id", equalTo(List.of("viewer")));
        // a bad time: its error under its field, nothing written
        String bad = alice.write().header("HX-Request", "true").formParam("validFrom", "2030-01-01T00:00")
                .formParam("expiresAt", "2029-01-01T00:00").post(user + "/roles/analyst").then().statusCode(400).extract().asString();
        assertTrue(bad.contains("id=\"expiresAt-error\""), bad);
        assertTrue(bad.contains("value=\"2029-01-01T00:00\""), "what was typed stays");
        alice.write().header("HX-Request", "true").formParam("role", "analyst").formParam("validFrom", "tomorrow")
                .post(user + "/assign/preview").then().statusCode(400).body(containsString("id=\"validFrom-error\""))
                .body(containsString("such as 2026-05-01T09:00"));
        admin(a).get(base + "/users/bob/roles").then().body("items.id", equalTo(List.of("viewer")));

        // saved with an end: the window is the API's
        alice.write().header("HX-Request", "true").formParam("validFrom", "").formParam("expiresAt", "2099-06-30T12:00")
                .post(user + "/roles/analyst").then().statusCode(200).header("HX-Trigger", "console:changed")
                .body(containsString("Assigned role <strong>analyst</strong> for <strong>bob</strong>, until 2099-06-30 12:00 UTC."));
        admin(a).get(base + "/users/bob/roles/analyst").then().statusCode(200).body("expiresAt", equalTo("2099-06-30T12:00:00Z"))
                .body("source", equalTo("manual"));

        // forged: owner is greyed for alice; a POST with her valid CSRF token is still refused, and nothing is written
        String before = admin(a).get(base).then().extract().header("Rolegate-Revision");
        alice.write().header("HX-Request", "true").post(user + "/roles/owner").then().statusCode(403)
                .body(containsString("billing.manage"));
        alice.write().post(user + "/roles/owner").then().statusCode(403).body("code", equalTo("forbidden"));
        alice.write().formParam("role", "owner").post(user + "/assign/preview").then().statusCode(403)
                .body(containsString("billing.manage"));
        admin(a).get(base + "/users/bob/roles").then().body("items.id", equalTo(List.of("analyst", "viewer")));
        assertEquals(before, admin(a).get(base).then().extract().header("Rolegate-Revision"));
    }

    @Test
    void anotherAccountsUserIsNeverShown() {
        String a = Api.createAccount("people");
        String b = Api.createAccount("people");
        admin(b).body(Map.of("displayName", "Secret Sam")).put("/v1/accounts/" + b + "/users/sam").then().statusCode(201);
        ConsoleSessionTest.Browser browser = owner(a);
        browser.request().get("/console/" + a + "/users/sam").then().statusCode(404).body("code", equalTo("user_not_found"));
        browser.request().get("/console/" + a + "/users/sam/assign").then().statusCode(404);
        browser.request().get("/console/" + a + "/users/sam/why?operation=report.open").then().statusCode(404);
        browser.request().get("/console/" + a + "/users?q=sam").then().statusCode(200).body(not(containsString("Secret Sam")))
                .body(containsString("No user matches"));
        browser.request().get("/console/" + b + "/users").then().statusCode(404).body("code", equalTo("account_not_found"));
        browser.request().get("/console/" + b + "/users/sam").then().statusCode(404).body(not(containsString("Secret Sam")));
        browser.write().post("/console/" + b + "/users/sam/roles/viewer").then().statusCode(404);
        admin(b).get("/v1/accounts/" + b + "/users/sam/roles").then().body("items", org.hamcrest.Matchers.empty());
        // a user id that cannot be one is a 400, not a lookup
        browser.request().get("/console/" + a + "/users/..").then().statusCode(org.hamcrest.Matchers.oneOf(400, 404));
    }

    /**
     * "Stays fast at 100,000 users": the list's statement on an account of 100,000 users reads
     * indexes only (no sequential scan of app_user) for the first page, a keyset page and a
     * prefix search, and the keyset page is exactly the next 50 ids.
     */
    @Test
    void aHundredThousandUsersArePagedByIndex() throws Exception {
        String a = Api.createAccount("people-big");
        sql("INSERT INTO app_user (account_id, id, email, display_name, status, source) SELECT '" + a + "', 'user' || lpad(i::text, 6, '0'), "
                + "'user' || i || '@big.test', 'Big User ' || i, 'active', 'local' FROM generate_series(1, 100000) i",
                "ANALYZE app_user");
        try {
            ConsoleSessionTest.Browser browser = owner(a);
            String users = "/console/" + a + "/users";
            long t0 = System.nanoTime();
            String page1 = browser.request().get(users).then().statusCode(200).body(containsString("100001 users")).extract().asString();
            long t1 = System.nanoTime();
            List<String> second = rows(browser.request().get(users + "?after=user000049").then().statusCode(200).extract().asString());
            long t2 = System.nanoTime();
            String search = browser.request().get(users + "?q=user09999").then().statusCode(200).body(containsString("10 users match"))
                    .extract().asString();
            long t3 = System.nanoTime();
            System.out.printf("people list at 100,000 users: page 1 %d ms, keyset page 2 %d ms, search %d ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            // a filter that matches most of the account counts its matches: measured, not bounded here
            long t4 = System.nanoTime();
            browser.request().get(users + "?status=active&after=user050000").then().statusCode(200).body(containsString("100001 users match"));
            System.out.printf("people list at 100,000 users: status filter, a page past the middle %d ms%n", (System.nanoTime() - t4) / 1_000_000);
            System.out.println(plan(queries.usersQuery(a, new UserSearch(null, null, null, null, "active"), "user050000")));
            assertEquals("user000049", rows(page1).get(49));
            assertEquals(50, second.size());
            assertEquals("user000050", second.get(0));
            assertEquals("user000099", second.get(49));
            assertEquals("user099990", rows(search).get(0));

            for (var query : List.of(queries.usersQuery(a, UserSearch.ALL, null), queries.usersQuery(a, UserSearch.ALL, "user000049"),
                    queries.usersQuery(a, new UserSearch("user09999", null, null, null, null), null))) {
                String plan = plan(query);
                assertFalse(plan.contains("Seq Scan on app_user"), plan);
                assertTrue(plan.contains("Index") , plan);
            }
        } finally {
            sql("DELETE FROM app_user WHERE account_id = '" + a + "' AND id LIKE 'user%'");
        }
    }

    private String plan(PagedQuery query) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var explain = em.createNativeQuery("EXPLAIN " + query.sql());
            query.parameters().forEach(explain::setParameter);
            explain.setParameter("pageLimit", 51);
            StringBuilder text = new StringBuilder();
            for (Object line : explain.getResultList()) {
                text.append(line).append('\n');
            }
            return text.toString();
        });
    }
}
