package dev.rolegate.console;

import static dev.rolegate.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.rolegate.testing.Api;
import dev.rolegate.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 14 item 3 in a real browser: a vendor's settings page (served by the test on another
 * origin of the same site, http://localhost:{port}) frames the console. Chromium refuses to show
 * it until the account lists that origin, then shows it with the account's brand colour and logo,
 * and the console's writes work inside the frame; the settings form puts each error next to its
 * field.
 */
@QuarkusTest
@TestProfile(ConsoleOrigin.class)
class ConsoleEmbeddingBrowserTest {

    @RegisterExtension
    final Chromium.Session browser = new Chromium.Session();

    private HttpServer vendor;
    private final AtomicReference<String> framed = new AtomicReference<>();
    private final List<String> messages = new ArrayList<>();

    /** The vendor's page: its own header and the console in an iframe. */
    @BeforeEach
    void startVendorPage() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.createContext("/settings", exchange -> {
            String html = "<!DOCTYPE html><html><head><title>Acme Analytics · Settings</title><style>"
                    + "body{margin:0;font-family:system-ui,sans-serif;background:#eef1f5}"
                    + "header{background:#102a43;color:#fff;padding:14px 24px;font-weight:600}"
                    + "h1{font-size:20px;margin:18px 24px 10px}iframe{display:block;margin:0 24px;border:1px solid #ccd;"
                    + "border-radius:8px;width:calc(100% - 48px);height:720px;background:#fff}</style></head><body>"
                    + "<header>Acme Analytics</header><h1>Settings · Access management</h1>"
                    + "<iframe id=\"console\" title=\"Access management\" src=\"" + framed.get() + "\"></iframe></body></html>";
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        vendor.start();
    }

    @AfterEach
    void stopVendorPage() {
        vendor.stop(0);
    }

    private String vendorOrigin() {
        return "http://localhost:" + vendor.getAddress().getPort();
    }

    @Test
    void theConsoleIsFramedOnlyByTheOriginsTheAccountAllowsAndWearsItsBrand() throws Exception {
        String a = Api.createAccount("embed");
        String owner = Tokens.adminSubject(a);

        // not allowed yet: Chromium refuses to render the console in the vendor's frame
        framed.set(ConsoleOrigin.link(a, owner));
        browser.driver().get(vendorOrigin() + "/settings");
        browser.waitUntil(d -> logged("frame-ancestors"));
        browser.driver().switchTo().frame("console");
        assertTrue(browser.driver().findElements(By.cssSelector("nav.side")).isEmpty(), "the console must not render in the frame");
        browser.driver().switchTo().defaultContent();
        browser.screenshot("embed-refused");

        as(Tokens.platform()).body(Map.of("frameAncestors", List.of(vendorOrigin()), "brandColor", "#0b7285",
                        "logo", "data:image/png;base64," + Base64.getEncoder().encodeToString(logo())))
                .put("/v1/accounts/" + a + "/console/settings").then().statusCode(201);
        framed.set(ConsoleOrigin.link(a, owner));
        browser.driver().get(vendorOrigin() + "/settings");
        browser.waitUntil(ExpectedConditions.frameToBeAvailableAndSwitchToIt("console"));
        browser.waitForText("main", "signed in as");
        // the brand: the account's colour on buttons, its logo in the bar
        WebElement signOut = browser.driver().findElement(By.xpath("//button[normalize-space()='Sign out']"));
        assertEquals("rgba(11, 114, 133, 1)", signOut.getCssValue("color"));
        WebElement logo = browser.driver().findElement(By.cssSelector(".brand img"));
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.driver().executeScript("return arguments[0].naturalWidth === 160", logo)));
        browser.driver().switchTo().defaultContent();
        browser.screenshot("embed-allowed");

        // writes work inside the frame: the settings form, with an error next to its field first
        browser.driver().switchTo().frame("console");
        browser.driver().findElement(By.linkText("Settings")).click();
        browser.waitForText("main h1", "Settings");
        WebElement origins = browser.driver().findElement(By.id("origins"));
        origins.clear();
        origins.sendKeys(vendorOrigin() + "\nhttps://*.vendor.example");
        browser.driver().findElement(By.id("brandColor")).clear();
        browser.driver().findElement(By.id("brandColor")).sendKeys("teal");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Save settings']")).click();
        browser.waitForText("#origins-error", "Line 2 (https://*.vendor.example)");
        assertEquals("true", browser.driver().findElement(By.id("origins")).getAttribute("aria-invalid"));
        assertTrue(browser.driver().findElement(By.id("color-error")).getText().contains("#rrggbb"));
        // the field with the error has the focus, and what was typed is still there
        assertEquals("origins", browser.driver().switchTo().activeElement().getAttribute("id"));
        assertTrue(browser.driver().findElement(By.id("origins")).getAttribute("value").contains("*.vendor.example"));
        browser.screenshot("settings-field-errors");
        as(Tokens.platform()).get("/v1/accounts/" + a + "/console/settings").then().statusCode(200)
                .body("frameAncestors", org.hamcrest.Matchers.equalTo(List.of(vendorOrigin())))
                .body("brandColor", org.hamcrest.Matchers.equalTo("#0b7285"));

        origins = browser.driver().findElement(By.id("origins"));
        origins.clear();
        origins.sendKeys(vendorOrigin() + "\nhttps://admin.vendor.example");
        browser.driver().findElement(By.id("brandColor")).clear();
        browser.driver().findElement(By.id("brandColor")).sendKeys("#5f3dc4");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Save settings']")).click();
        browser.waitForText("main .notice", "Saved");
        browser.screenshot("settings-saved");
        as(Tokens.platform()).get("/v1/accounts/" + a + "/console/settings").then().statusCode(200)
                .body("frameAncestors", org.hamcrest.Matchers.equalTo(List.of(vendorOrigin(), "https://admin.vendor.example")))
                .body("brandColor", org.hamcrest.Matchers.equalTo("#5f3dc4"))
                .body("logo", org.hamcrest.Matchers.startsWith("data:image/png;base64,"));
        assertTrue(messages.stream().noneMatch(m -> m.contains("Content Security Policy") && !m.contains("frame-ancestors")),
                messages.toString());
    }

    /** True once the browser logged a message containing {@code text}; keeps every message seen. */
    private boolean logged(String text) {
        messages.addAll(browser.consoleMessages());
        return messages.stream().anyMatch(m -> m.contains(text));
    }

    /** A 160 × 40 PNG logo drawn here: a mark and a word in the brand's colour. */
    static byte[] logo() throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(160, 40, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x0b, 0x72, 0x85));
        g.fillRoundRect(2, 4, 32, 32, 10, 10);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString("A", 11, 28);
        g.setColor(new Color(0x10, 0x2a, 0x43));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Acme", 44, 28);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
