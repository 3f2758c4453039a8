package dev.rolegate.console;

import static dev.rolegate.testing.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console by keyboard alone (issue 14 item 3, "keyboard usable"): the first Tab reaches the
 * skip link, which moves the focus past the navigation; on the users screen the search has the
 * focus, typing narrows the list, Tab and Enter open a user, Enter opens the assign dialog and
 * Escape closes it. No mouse event is sent.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class KeyboardBrowserTest {

    /** At most this many Tab presses to reach an element: more means the order is unusable. */
    private static final int MAX_TABS = 25;

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    @Test
    void anAdminFindsAUserAndOpensTheAssignDialogWithTheKeyboardOnly() throws Exception {
        String a = Api.createAccount("keys");
        String base = "/v1/accounts/" + a;
        admin(a).body(Map.of("email", "bob@acme.test", "displayName", "Bob Stone")).put(base + "/users/bob").then().statusCode(201);
        admin(a).body(Map.of("email", "carol@acme.test", "displayName", "Carol Example")).put(base + "/users/carol").then().statusCode(201);

        browser.open(ConsoleOrigin.link(a, "owner@" + a + ".test"));
        browser.driver().get(ConsoleOrigin.BASE + "/console/" + a + "/users");
        browser.waitForText("main h1", "Users");

        // the search has the focus on arrival: typing narrows the list
        assertEquals("q", active().getAttribute("id"));
        active().sendKeys("bo");
        browser.waitForText("#user-count", "1 user match");

        // Tab to the one user, Enter opens them
        tabUntil(e -> "Bob Stone".equals(e.getText()));
        active().sendKeys(Keys.ENTER);
        browser.waitForText("main h1", "Bob Stone");

        // Tab to "Assign a role", Enter opens the dialog; Escape closes it
        tabUntil(e -> "open-assign".equals(e.getAttribute("id")));
        active().sendKeys(Keys.ENTER);
        browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("role-choices")));
        WebElement focused = active();
        assertTrue(browser.driver().findElement(By.id("assign-dialog")).findElements(By.xpath(".//*")).contains(focused),
                "the focus is inside the open dialog");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("assign-dialog")));

        // on a fresh page, the first Tab reaches the skip link, and Enter moves past the navigation
        browser.driver().navigate().refresh();
        browser.waitForText("main h1", "Bob Stone");
        browser.driver().executeScript("document.activeElement && document.activeElement.blur()");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", active().getText());
        active().sendKeys(Keys.ENTER);
        assertTrue(browser.driver().getCurrentUrl().endsWith("#main"), browser.driver().getCurrentUrl());
    }

    private WebElement active() {
        return browser.driver().switchTo().activeElement();
    }

    /** Presses Tab until the focused element matches, failing after {@link #MAX_TABS} presses. */
    private void tabUntil(Predicate<WebElement> wanted) {
        for (int i = 0; i < MAX_TABS; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            if (wanted.test(active())) {
                return;
            }
        }
        throw new AssertionError("not reached with " + MAX_TABS + " Tab presses; focus on " + active().getTagName()
                + " '" + active().getText() + "'");
    }
}
