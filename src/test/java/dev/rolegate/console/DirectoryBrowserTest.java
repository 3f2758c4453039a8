package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.ldap.testing.Slapd;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The directory screen in a real browser against a real OpenLDAP ({@link Slapd}, StartTLS with
 * the run's CA): a bad URL is refused under its field and nothing is stored; the test of the
 * form's settings shows the users and groups found and the mapped group the directory lacks; a
 * dry run lists the changes and writes nothing; a sync shows its progress to the end, its users
 * can then do what their group's role allows, and it appears in the history, whose details list
 * what changed. Skips naming slapd where it is not installed; fails instead under {@code CI=true}.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
@Tag("integration")
class DirectoryBrowserTest {

    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;
    private static final String GROUPS = "ou=groups," + Slapd.SUFFIX;
    private static final String MISSING = "cn=auditors," + GROUPS;
    private static Slapd slapd;

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    @BeforeAll
    static void start() {
        slapd = Slapd.startOrSkip();
        StringBuilder ldif = new StringBuilder();
        for (String uid : List.of("alice", "bob", "carol")) {
            ldif.append("dn: uid=").append(uid).append(',').append(PEOPLE).append("\nobjectClass: inetOrgPerson\nuid: ")
                    .append(uid).append("\ncn: ").append(uid).append("\nsn: ").append(uid).append("\nmail: ").append(uid)
                    .append("@example.test\ndisplayName: ").append(Character.toUpperCase(uid.charAt(0))).append(uid.substring(1))
                    .append(" Example\n\n");
        }
        ldif.append("dn: cn=analysts,").append(GROUPS).append("\nobjectClass: groupOfNames\ncn: analysts\nmember: uid=alice,")
                .append(PEOPLE).append("\nmember: uid=bob,").append(PEOPLE).append("\n\n");
        ldif.append("dn: cn=engineering,").append(GROUPS).append("\nobjectClass: groupOfNames\ncn: engineering\nmember: uid=carol,")
                .append(PEOPLE).append("\n\n");
        slapd.seed(ldif.toString());
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    private WebElement field(String id) {
        return browser.driver().findElement(By.id(id));
    }

    private void type(String id, String text) {
        WebElement e = field(id);
        e.clear();
        e.sendKeys(text);
    }

    private void click(String button) {
        browser.driver().findElement(By.xpath("//button[normalize-space()='" + button + "']")).click();
    }

    private void scrollTo(String css) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -16);",
                browser.driver().findElement(By.cssSelector(css)));
    }

    private static boolean allowed(String account, String subject, String operation) {
        return as(Tokens.check(account)).body(Map.of("subject", subject, "operation", operation))
                .post("/v1/accounts/" + account + "/check").then().statusCode(200).extract().jsonPath().getBoolean("allowed");
    }

    @Test
    void setUpTestDryRunAndSyncARealDirectory() throws Exception {
        String a = Api.createAccount("directory");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.admin(a);
        as(owner).body(Map.of("operations", List.of("report.read"))).put(base + "/permissions/p.reports").then().statusCode(201);
        as(owner).body(Map.of("permissions", List.of("p.reports"))).put(base + "/roles/reporter").then().statusCode(201);
        Map<String, Object> settings = slapd.settingsBody();
        String password = (String) settings.get("bindPassword");

        browser.open(ConsoleOrigin.link(a, Tokens.adminSubject(a)));
        browser.driver().findElement(By.linkText("Directory")).click();
        browser.waitForText("main h1", "Directory");
        browser.waitForText("main", "No directory is connected yet");

        // the form, filled in as an admin would, with one mistake: a web address for the server
        type("url", "http://" + slapd.url().substring("ldap://".length()));
        field("startTls").click();
        browser.driver().executeScript("arguments[0].value = arguments[1];", field("trustedCertificatePem"),
                settings.get("trustedCertificatePem"));
        type("bindDn", (String) settings.get("bindDn"));
        type("bindPassword", password);
        type("userBaseDn", PEOPLE);
        type("groupBaseDn", GROUPS);
        type("groupRoles", "cn=analysts," + GROUPS + ": reporter\n" + MISSING + ": reporter");
        click("Save settings");
        browser.waitUntil(d -> !d.findElements(By.id("url-error")).isEmpty());
        assertTrue(field("url-error").getText().contains("ldaps:// or ldap://"), field("url-error").getText());
        assertEquals("true", field("url").getAttribute("aria-invalid"));
        assertEquals("url", browser.driver().switchTo().activeElement().getAttribute("id"), "the bad field has the focus");
        assertEquals("", field("bindPassword").getAttribute("value"), "a typed password is never sent back");
        browser.screenshot("directory-field-error");
        as(owner).get(base + "/directory/ldap").then().statusCode(404).body("code", equalTo("ldap_not_configured"));

        // corrected, then tried before it is saved: what the searches find, and the mapped group that is missing
        type("url", slapd.url());
        type("bindPassword", password);
        click("Test connection");
        browser.waitForText("#test-result", "The connection works");
        assertEquals("3", field("test-users").getText());
        assertEquals("2", field("test-groups").getText());
        assertTrue(field("unmapped").getText().contains(MISSING), field("unmapped").getText());
        scrollTo("#groupRoles");
        browser.screenshot("directory-test");
        as(owner).get(base + "/directory/ldap").then().statusCode(404);

        type("bindPassword", password);
        click("Save settings");
        browser.waitForText("main .notice", "Saved");
        as(owner).get(base + "/directory/ldap").then().statusCode(200).body("url", equalTo(slapd.url()))
                .body("startTls", equalTo(true));
        assertFalse(browser.driver().getPageSource().contains(password), "the bind password is in no page");

        // a dry run lists what a sync would change, and changes nothing
        String revision = as(Tokens.platform()).get(base).then().statusCode(200).extract().header("Rolegate-Revision");
        click("Start a dry run");
        browser.waitUntil(d -> !d.findElements(By.id("dry-run-summary")).isEmpty());
        assertTrue(field("dry-run-summary").getText().contains("3 users created, 2 groups created, 2 assignments added"),
                field("dry-run-summary").getText());
        String planned = browser.driver().findElement(By.cssSelector("#run-status table.changes")).getText();
        for (String line : List.of("user.create alice", "group.create analysts", "member.add bob joins analysts",
                "assignment.create alice gets role reporter")) {
            assertTrue(planned.contains(line), line + " in " + planned);
        }
        browser.waitUntil(d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() == 1);
        scrollTo("#run-head");
        browser.screenshot("directory-dry-run");
        as(owner).get(base + "/users/alice").then().statusCode(404);
        assertFalse(allowed(a, "alice", "report.read"));
        assertEquals(revision, as(Tokens.platform()).get(base).then().statusCode(200).extract().header("Rolegate-Revision"),
                "a dry run writes no revision");

        // the sync: its progress while it runs, then done, then in the history
        click("Sync now");
        // the answer to the click is the running run, which polls itself every second until it is done
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#run-status.running")).isEmpty());
        assertTrue(field("run-status").getText().contains("Full sync running"), field("run-status").getText());
        browser.waitUntil(d -> !d.findElements(By.id("sync-summary")).isEmpty());
        assertTrue(field("sync-summary").getText().contains("3 users created, 2 groups created, 2 assignments added"),
                field("sync-summary").getText());
        browser.waitUntil(d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() == 2);
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.runs tbody tr"));
        assertTrue(rows.get(0).getText().contains("Full sync") && rows.get(0).getText().contains("Succeeded"), rows.get(0).getText());
        assertTrue(rows.get(1).getText().contains("Dry run (full)") && rows.get(1).getText().contains("Planned"), rows.get(1).getText());
        scrollTo("#run-head");
        browser.screenshot("directory-sync-history");
        assertTrue(allowed(a, "alice", "report.read"), "alice is in analysts, mapped to reporter");
        assertFalse(allowed(a, "carol", "report.read"));

        // the run's details: what changed
        rows.get(0).findElement(By.partialLinkText("Details")).click();
        browser.waitForText("main h1", "Full sync of");
        String changed = browser.driver().findElement(By.cssSelector("table.changes")).getText();
        assertTrue(changed.contains("user.create carol"), changed);
        assertTrue(changed.contains("assignment.create bob gets role reporter"), changed);
        browser.screenshot("directory-run");
        assertTrue(browser.consoleMessages().stream().noneMatch(m -> m.contains("Content Security Policy")),
                "no CSP violation");
    }
}
