package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static dev.rolegate.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
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
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The people screens in a real browser (issue 14): an admin opens a console link, finds a user by
 * typing, assigns a role through the dialog after its impact preview, and the API's check then
 * allows what the role grants; a role the admin may not grant is greyed with its reason, and a
 * forged POST for it, with the session's valid CSRF token, is refused and writes nothing; "why
 * can't" offers a fix that one click applies. Everything under the strict CSP.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class PeopleBrowserTest {

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    @Test
    void findAUserAssignARoleThroughTheDialogAndFailToForgeOneBeyondTheAdmin() throws Exception {
        String a = Api.createAccount("people-ui");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("email", "alice@acme.test", "displayName", "Alice Admin")).put(base + "/users/alice").then().statusCode(201);
        admin(a).body(Map.of()).put(base + "/users/alice/roles/admin").then().statusCode(201);
        admin(a).body(Map.of("email", "bob@acme.test", "displayName", "Bob Stone")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of("email", "bea@acme.test", "displayName", "Beatrice Lee", "status", "disabled"))
                .put(base + "/users/bea").then().statusCode(201);
        for (String u : List.of("carol", "dave", "erin", "frank")) {
            admin(a).body(Map.of("email", u + "@acme.test", "displayName", Character.toUpperCase(u.charAt(0)) + u.substring(1) + " Example"))
                    .put(base + "/users/" + u).then().statusCode(201);
        }
        admin(a).body(Map.of("displayName", "Product managers")).put(base + "/groups/pm").then().statusCode(201);
        admin(a).put(base + "/groups/pm/members/bob").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
        admin(a).body(Map.of()).put(base + "/groups/pm/roles/viewer").then().statusCode(201);

        browser.open(ConsoleOrigin.link(a, "alice"));
        browser.driver().findElement(By.linkText("Users")).click();
        browser.waitForText("main h1", "Users");
        browser.waitForText("#user-count", "8 users");
        browser.screenshot("people-users");

        // find bob by typing: the list narrows as one types, with no button pressed
        browser.driver().findElement(By.id("q")).sendKeys("bo");
        browser.waitForText("#user-count", "1 user match");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#user-table tbody tr"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getText().contains("Bob Stone"), rows.get(0).getText());
        // the address follows the search, so reloading or sharing it shows the same list
        assertTrue(browser.driver().getCurrentUrl().contains("/users?q=bo&"), browser.driver().getCurrentUrl());
        browser.driver().findElement(By.linkText("Bob Stone")).click();
        browser.waitForText("main h1", "Bob Stone");
        browser.waitForText("#held-permissions", "through group pm");

        // the dialog: analyst may be granted; owner is greyed with its reason
        browser.driver().findElement(By.id("open-assign")).click();
        browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("role-choices")));
        WebElement owner = browser.driver().findElement(By.cssSelector("label.choice.unavailable[data-role='owner']"));
        assertTrue(owner.getText().contains("It grants permissions you do not hold yourself."), owner.getText());
        assertFalse(owner.findElement(By.cssSelector("input")).isEnabled());
        browser.driver().findElement(By.cssSelector("input[name='role'][value='analyst']")).click();
        browser.waitForText("#impact", "gains");
        assertTrue(browser.driver().findElement(By.id("impact")).getText().contains("report.share"));
        browser.screenshot("people-assign-dialog");
        // nothing written by the preview
        admin(a).get(base + "/users/bob/roles").then().body("items", org.hamcrest.Matchers.empty());
        browser.driver().findElement(By.id("confirm-assign")).click();
        browser.waitForText("#assign-done", "Assigned role analyst for bob");
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "report.share_link", "atLeastRevision", head(a)))
                .post(base + "/check").then().statusCode(200).body("allowed", equalTo(true));
        browser.driver().findElement(By.xpath("//button[normalize-space()='Done']")).click();
        browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("assign-dialog")));
        // the page refreshed itself: analyst is in force, with its path
        browser.waitForText("#effective-roles", "analyst");
        browser.waitForText("#direct-roles", "analyst");

        // forged: a POST for owner with the session's own CSRF token, from the console's own page
        String token = (String) browser.driver().executeScript(
                "return JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token']");
        Object status = browser.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('/console/" + a + "/users/bob/roles/owner', {method: 'POST', headers: {'X-CSRF-Token': arguments[0]}})"
                + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });", token);
        assertEquals(403L, status);
        admin(a).get(base + "/users/bob/roles").then().body("items.id", equalTo(List.of("analyst")));
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "billing.change_plan", "atLeastRevision", head(a)))
                .post(base + "/check").then().statusCode(200).body("allowed", equalTo(false));

        // why can't bob share a dashboard to Slack: integrations.use is missing; one click applies a fix
        WebElement operation = browser.driver().findElement(By.id("operation"));
        operation.sendKeys("dashboard.share_to_slack");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Explain']")).click();
        browser.waitForText("#why-verdict", "Denied");
        assertTrue(browser.driver().findElement(By.id("why-answer")).getText().contains("integrations.use"));
        browser.driver().executeScript("document.getElementById('why-panel').scrollIntoView()");
        browser.screenshot("people-why");
        browser.driver().findElement(By.cssSelector("#fixes button")).click();
        browser.waitForText("#why-verdict", "Allowed");
        browser.waitForText("#effective-roles", "admin");
        as(Tokens.check(a)).body(Map.of("subject", "bob", "operation", "dashboard.share_to_slack", "atLeastRevision", head(a)))
                .post(base + "/check").then().statusCode(200).body("allowed", equalTo(true));
        browser.driver().executeScript("window.scrollTo(0, 0)");
        browser.screenshot("people-user");

        List<String> messages = new ArrayList<>(browser.consoleMessages());
        assertTrue(messages.stream().noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused")), messages.toString());
    }

    /** The newest revision of the account, from its change feed. */
    private static long head(String account) {
        return ((Number) admin(account).get("/v1/accounts/" + account + "/changes?limit=1").then().statusCode(200)
                .extract().path("head")).longValue();
    }
}
