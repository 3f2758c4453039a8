package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The roles, matrix, groups and audit screens in a real browser (issue 14): an owner previews an
 * edit of a role and sees who gains and who loses before saving, saves it and sees it applied and
 * its difference to the template; gives a group members and a role; and reads the audit log of the
 * writes just made, filtered, with the hash chain shown verified. No page breaks the strict CSP.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class ConsoleRolesBrowserTest {

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    private final List<String> messages = new ArrayList<>();

    @Test
    void anOwnerPreviewsARoleEditSavesItAndReadsItInTheVerifiedAuditLog() throws Exception {
        String a = Api.createAccount("roles-ui");
        String base = "/v1/accounts/" + a;
        String owner = Tokens.adminSubject(a);
        for (String user : List.of("bob@acme.test", "carol@acme.test", "dan@acme.test")) {
            admin(a).body(Map.of("displayName", user)).put(base + "/users/" + user).then().statusCode(201);
        }
        admin(a).body(Map.of()).put(base + "/users/bob@acme.test/roles/analyst").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/carol@acme.test/roles/analyst").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/dan@acme.test/roles/viewer").then().statusCode(201);
        List<String> analystBefore = admin(a).get(base + "/roles/analyst").then().statusCode(200).extract().path("permissions");
        assertTrue(analystBefore.contains("report.share"), analystBefore.toString());

        browser.open(ConsoleOrigin.link(a, owner));
        browser.driver().findElement(By.linkText("Roles")).click();
        browser.waitForText("main h1", "Roles");
        assertTrue(text("#roles").contains("analyst"));
        browser.screenshot("roles-list");

        // the matrix: permissions down, roles across
        browser.driver().findElement(By.linkText("Role × permission matrix")).click();
        browser.waitForText("main h1", "Role × permission matrix");
        WebElement cell = browser.driver().findElement(By.xpath(
                "//table[@id='matrix']//tr[th/code[text()='report.share']]/td[@title[contains(., 'analyst')]]"));
        assertEquals("analyst grants it", cell.getAttribute("title"));
        browser.screenshot("roles-matrix");

        // edit analyst: take report.share away, give billing.view; the preview names who gains and who loses
        browser.driver().findElement(By.linkText("Roles")).click();
        browser.waitForText("main h1", "Roles");
        browser.driver().findElement(By.linkText("analyst")).click();
        browser.waitForText("main h1", "analyst");
        browser.waitForText("#holders-list", "carol@acme.test");
        assertTrue(text("#holders-list").contains("bob@acme.test"));
        checkbox("grants", "report.share").click();
        checkbox("grants", "billing.view").click();
        browser.screenshot("roles-form");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Preview changes']")).click();
        browser.waitForText("#impact-summary", "2 people's access would change");
        String impact = text("#impact");
        assertTrue(impact.contains("bob@acme.test") && impact.contains("carol@acme.test"), impact);
        assertFalse(impact.contains("dan@acme.test"), impact);
        assertTrue(impact.contains("+ billing.view") && impact.contains("− report.share"), impact);
        // nothing is saved by a preview
        assertEquals(analystBefore, admin(a).get(base + "/roles/analyst").then().extract().path("permissions"));
        browser.screenshot("roles-preview");

        browser.driver().findElement(By.id("save-role")).click();
        browser.waitForText("main .notice", "Saved role analyst");
        List<String> analystAfter = admin(a).get(base + "/roles/analyst").then().statusCode(200).extract().path("permissions");
        assertTrue(analystAfter.contains("billing.view") && !analystAfter.contains("report.share"), analystAfter.toString());
        String difference = text("#template-diff");
        assertTrue(difference.contains("Carries in addition: billing.view"), difference);
        assertTrue(difference.contains("Lacks: report.share"), difference);
        assertTrue(checkbox("grants", "billing.view").isSelected());
        browser.screenshot("roles-saved");

        // the matrix now marks analyst as changed, with the difference ringed
        browser.driver().findElement(By.linkText("Role × permission matrix")).click();
        browser.waitForText("main h1", "Role × permission matrix");
        assertEquals("analyst grants it; the template's analyst does not", browser.driver().findElement(By.xpath(
                "//table[@id='matrix']//tr[th/code[text()='billing.view']]/td[@title[starts-with(., 'analyst')]]")).getAttribute("title"));
        assertEquals("analyst does not carry it; the template's analyst does", browser.driver().findElement(By.xpath(
                "//table[@id='matrix']//tr[th/code[text()='report.share']]/td[@title[starts-with(., 'analyst')]]")).getAttribute("title"));
        browser.screenshot("roles-matrix-changed");

        // a group: created, a member added, a role assigned
        browser.driver().findElement(By.linkText("Groups")).click();
        browser.waitForText("main h1", "Groups");
        assertTrue(text("#no-groups").contains("no groups yet"));
        browser.screenshot("groups-empty");
        browser.driver().findElement(By.id("id")).sendKeys("pm");
        browser.driver().findElement(By.id("displayName")).sendKeys("Product managers");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create group']")).click();
        browser.waitForText("main h1", "Group pm");
        browser.driver().findElement(By.id("user")).sendKeys("nobody@acme.test");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Add member']")).click();
        browser.waitForText("#user-error", "nobody@acme.test");
        browser.driver().findElement(By.id("user")).clear();
        browser.driver().findElement(By.id("user")).sendKeys("dan@acme.test");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Add member']")).click();
        browser.waitForText("main .notice", "Added dan@acme.test");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("role"))).selectByValue("analyst");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Assign role']")).click();
        browser.waitForText("main .notice", "Assigned role analyst");
        assertTrue(text("#members").contains("dan@acme.test"));
        assertTrue(text("#group-roles").contains("analyst"));
        admin(a).get(base + "/groups/pm/roles").then().statusCode(200).body("items.id", org.hamcrest.Matchers.equalTo(List.of("analyst")));
        browser.screenshot("groups-detail");

        // the audit log: the writes just made, filtered, the chain verified
        browser.driver().findElement(By.linkText("Audit log")).click();
        browser.waitForText("#chain-status", "Chain verified");
        browser.driver().findElement(By.id("target")).sendKeys("role:analyst");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        browser.waitForText("#audit-count", "match");
        String entries = text("#entries");
        assertTrue(entries.contains("role.update") && entries.contains(owner), entries);
        assertFalse(entries.contains("group.create"), entries);
        browser.waitForText("#chain-status", "Chain verified");
        browser.driver().findElement(By.cssSelector("#entries details summary")).click();
        browser.screenshot("audit-filtered");
        String exportHref = browser.driver().findElement(By.id("export-jsonl")).getAttribute("href");
        assertTrue(exportHref.endsWith("/audit/export?format=jsonl&target=role%3Aanalyst"), exportHref);

        messages.addAll(browser.consoleMessages());
        assertTrue(messages.stream().noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused")), messages.toString());
    }

    private WebElement checkbox(String name, String value) {
        return browser.driver().findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }
}
