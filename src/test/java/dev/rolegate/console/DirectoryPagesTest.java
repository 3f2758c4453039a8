package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.TestDirectory;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's directory screen over HTTP (issue 14), against an in-memory LDAP directory
 * ({@link TestDirectory}) and the real PostgreSQL: the bind password is in no page and no
 * fragment, whatever was saved, tested or refused; a bad field is refused whole, under its field;
 * another account's runs cannot be read; and an admin without {@code rbac.directory.write} can
 * neither save nor sync, even with a well-formed request.
 */
@QuarkusTest
class DirectoryPagesTest {

    private static final String BASE_DN = "dc=example,dc=test";
    private static final Pattern RUN = Pattern.compile("/directory/runs/([0-9a-f-]{36})/status");
    private static TestDirectory directory;

    @BeforeAll
    static void start() {
        directory = TestDirectory.builder(BASE_DN).ldif("directory.ldif").start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    /** The settings form as the browser posts it, for {@link #directory}. */
    static Map<String, String> form(String password) {
        Map<String, String> f = new HashMap<>();
        f.put("url", directory.ldapUrl());
        f.put("allowPlaintext", "true");
        f.put("bindDn", directory.bindDn());
        f.put("bindPassword", password);
        f.put("userBaseDn", "ou=people," + BASE_DN);
        f.put("userFilter", "(objectClass=inetOrgPerson)");
        f.put("groupBaseDn", "ou=groups," + BASE_DN);
        f.put("groupFilter", "(objectClass=groupOfNames)");
        f.put("membership", "member");
        f.put("nestedGroups", "true");
        f.put("idAttribute", "entryUUID");
        f.put("userIdAttribute", "uid");
        f.put("emailAttribute", "mail");
        f.put("displayNameAttribute", "displayName");
        f.put("deprovision", "disable");
        f.put("maxRemovalPercent", "50");
        f.put("pageSize", "500");
        return f;
    }

    private static RequestSpecification htmx(ConsoleSessionTest.Browser browser) {
        return browser.write().header("HX-Request", "true").contentType("application/x-www-form-urlencoded");
    }

    /** Starts a run through the console and polls its status fragment as the page does, until it is done. */
    static String runToTheEnd(ConsoleSessionTest.Browser browser, boolean dryRun, List<String> pages) throws InterruptedException {
        String a = browser.account();
        String started = htmx(browser).formParam("dryRun", Boolean.toString(dryRun)).formParam("mode", "full")
                .post("/console/" + a + "/directory/sync").then().statusCode(200)
                .body(containsString("hx-trigger=\"every 1s\"")).extract().asString();
        pages.add(started);
        Matcher m = RUN.matcher(started);
        assertTrue(m.find(), started);
        String run = m.group(1);
        for (int i = 0; i < 200; i++) {
            var status = browser.request().header("HX-Request", "true").get("/console/" + a + "/directory/runs/" + run + "/status")
                    .then().statusCode(200).extract();
            pages.add(status.asString());
            if (!status.asString().contains("every 1s")) {
                assertEquals("console:changed", status.header("HX-Trigger"));
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + run + " did not finish");
    }

    @Test
    void theBindPasswordIsInNoPageAndABadFieldIsRefusedWhole() throws Exception {
        String a = Api.createAccount("console-dir");
        ConsoleSessionTest.Browser owner = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError("the owner opens the home page"); });
        List<String> pages = new ArrayList<>();
        pages.add(owner.request().get("/console/" + a + "/directory").then().statusCode(200)
                .body(containsString("No directory is connected yet")).extract().asString());

        // saved through the form: stored as PUT stores it
        Map<String, String> form = form(TestDirectory.PASSWORD);
        pages.add(htmx(owner).formParams(form).post("/console/" + a + "/directory").then().statusCode(200)
                .body(containsString("Saved.")).body(containsString("placeholder=\"Unchanged\"")).extract().asString());
        as(Tokens.admin(a)).get("/v1/accounts/" + a + "/directory/ldap").then().statusCode(200)
                .body("url", equalTo(directory.ldapUrl())).body("maxRemovalPercent", equalTo(50));
        pages.add(owner.request().get("/console/" + a + "/directory").then().statusCode(200)
                .body(containsString("value=\"" + directory.ldapUrl() + "\"")).extract().asString());

        // the test of the form's settings, with the stored password (left empty: unchanged)
        form.put("bindPassword", "");
        pages.add(htmx(owner).formParams(form).post("/console/" + a + "/directory/test").then().statusCode(200)
                .body(containsString("id=\"test-users\">6<")).extract().asString());

        // a bad URL and a bad number, a new password typed: refused whole, each under its field, the password not echoed
        Map<String, String> bad = form("typed-N3w-secret");
        bad.put("url", "http://ldap.example.test");
        bad.put("maxRemovalPercent", "many");
        String refused = htmx(owner).formParams(bad).post("/console/" + a + "/directory").then().statusCode(400)
                .body(containsString("id=\"url-error\"")).body(containsString("id=\"maxRemovalPercent-error\""))
                .body(containsString("value=\"many\"")).extract().asString();
        pages.add(refused);
        assertFalse(refused.contains("typed-N3w-secret"), "a typed password is never sent back");
        as(Tokens.admin(a)).get("/v1/accounts/" + a + "/directory/ldap").then().statusCode(200)
                .body("url", equalTo(directory.ldapUrl())).body("maxRemovalPercent", equalTo(50));

        // a dry run, its status, its page and the history
        String run = runToTheEnd(owner, true, pages);
        pages.add(owner.request().get("/console/" + a + "/directory/runs/" + run).then().statusCode(200)
                .body(containsString("What a sync would change")).body(containsString("user.create")).extract().asString());
        pages.add(owner.request().get("/console/" + a + "/directory/runs").then().statusCode(200)
                .body(containsString("/console/" + a + "/directory/runs/" + run)).extract().asString());
        as(Tokens.admin(a)).get("/v1/accounts/" + a + "/users/alice").then().statusCode(404);

        for (String page : pages) {
            assertFalse(page.contains(TestDirectory.PASSWORD), page);
            assertFalse(page.contains("typed-N3w-secret"), page);
        }
    }

    @Test
    void anAbortedRunChangesNothingAndShowsWhatItWouldHaveChanged() throws Exception {
        String a = Api.createAccount("console-dir");
        String base = "/v1/accounts/" + a;
        Map<String, Object> settings = directory.apiSettings();
        settings.put("maxRemovalPercent", 50);
        as(Tokens.admin(a)).body(settings).put(base + "/directory/ldap").then().statusCode(201);
        ConsoleSessionTest.Browser owner = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError(); });
        runToTheEnd(owner, false, new ArrayList<>());
        as(Tokens.admin(a)).get(base + "/users/bob").then().statusCode(200).body("status", equalTo("active"));

        // a filter that now finds one user of six: five would be disabled, more than the 50 % allowed
        settings.remove("bindPassword");
        settings.put("userFilter", "(uid=alice)");
        as(Tokens.admin(a)).body(settings).put(base + "/directory/ldap").then().statusCode(200);
        List<String> pages = new ArrayList<>();
        String run = runToTheEnd(owner, false, pages);
        assertTrue(pages.get(pages.size() - 1).contains("See what it would have changed"), pages.get(pages.size() - 1));
        String page = owner.request().get("/console/" + a + "/directory/runs/" + run).then().statusCode(200)
                .body(containsString("Aborted")).body(containsString("What it would have changed")).extract().asString();
        assertTrue(page.contains("user.deprovision") && page.contains(">bob<"), page);
        as(Tokens.admin(a)).get(base + "/users/bob").then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void anotherAccountsRunsAreUnreachable() throws Exception {
        String a = Api.createAccount("console-dir");
        String b = Api.createAccount("console-dir");
        as(Tokens.admin(a)).body(directory.apiSettings()).put("/v1/accounts/" + a + "/directory/ldap").then().statusCode(201);
        as(Tokens.admin(b)).body(directory.apiSettings()).put("/v1/accounts/" + b + "/directory/ldap").then().statusCode(201);
        ConsoleSessionTest.Browser ofA = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError(); });
        ConsoleSessionTest.Browser ofB = ConsoleSessionTest.open(b, ConsoleSessionTest.link(b, Tokens.adminSubject(b), null),
                cookie -> { throw new AssertionError(); });
        String run = runToTheEnd(ofA, true, new ArrayList<>());

        // B's session, in B's console, asking for A's run: no such run of B
        for (String path : List.of("/directory/runs/" + run, "/directory/runs/" + run + "/status")) {
            ofB.request().get("/console/" + b + path).then().statusCode(404).body("code", equalTo("run_not_found"));
            // B's session under A's console: A is not B's account
            ofB.request().get("/console/" + a + path).then().statusCode(404).body("code", equalTo("account_not_found"));
        }
        ofB.request().get("/console/" + b + "/directory/runs").then().statusCode(200).body(not(containsString(run)));
        htmx(ofB).formParam("dryRun", "true").post("/console/" + a + "/directory/sync").then().statusCode(404);
        ofA.request().get("/console/" + a + "/directory/runs/" + run).then().statusCode(200);
    }

    @Test
    void aWriteWithoutTheDirectoryPermissionIsRefused() {
        String a = Api.createAccount("console-dir");
        String base = "/v1/accounts/" + a;
        as(Tokens.admin(a)).body(Map.of()).put(base + "/users/alice").then().statusCode(201);
        as(Tokens.admin(a)).body(Map.of()).put(base + "/users/alice/roles/admin").then().statusCode(201);
        as(Tokens.admin(a)).body(directory.apiSettings()).put(base + "/directory/ldap").then().statusCode(201);
        // the role admin manages users, roles and groups, not the directory connection
        ConsoleSessionTest.Browser alice = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, "alice", null),
                cookie -> { throw new AssertionError("alice opens the home page"); });
        alice.request().get("/console/" + a + "/directory").then().statusCode(403)
                .body("detail", containsString("rbac.directory.write"));
        Map<String, String> form = form("");
        form.put("url", "ldaps://attacker.example.test:636");
        htmx(alice).formParams(form).post("/console/" + a + "/directory").then().statusCode(403)
                .body(containsString("rbac.directory.write"));
        htmx(alice).formParam("dryRun", "false").post("/console/" + a + "/directory/sync").then().statusCode(403);
        htmx(alice).formParams(form).post("/console/" + a + "/directory/test").then().statusCode(403);
        // and the owner's session without the CSRF token is refused before anything else
        ConsoleSessionTest.Browser owner = ConsoleSessionTest.open(a, ConsoleSessionTest.link(a, Tokens.adminSubject(a), null),
                cookie -> { throw new AssertionError(); });
        owner.request().contentType("application/x-www-form-urlencoded").formParam("dryRun", "false")
                .post("/console/" + a + "/directory/sync").then().statusCode(403).body("code", equalTo("csrf_failed"));
        as(Tokens.admin(a)).get(base + "/directory/ldap").then().statusCode(200).body("url", equalTo(directory.ldapUrl()));
        as(Tokens.admin(a)).get(base + "/directory/ldap/runs").then().statusCode(200).body("items.size()", equalTo(0));
    }
}
