package dev.rolegate.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium, driven through Selenium 4 and Debian's chromedriver, for the
 * console's browser tests: no browser is downloaded (Selenium Manager is bypassed by naming both
 * binaries). Missing binaries fail the test on CI ({@code CI=true}; {@code .ci/run} installs
 * them) and skip it elsewhere, saying what to install. Screenshots go to
 * {@code target/console-screenshots/}.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String INSTALL_HINT = "apt-get install chromium chromium-driver";

    final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser with an empty profile, 1280 × 900 CSS pixels, its console messages recorded. */
    static Chromium start() throws IOException {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String message = "Chromium or chromedriver is missing (" + BROWSER + ", " + DRIVER + "): " + INSTALL_HINT;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        Path profile = Files.createTempDirectory("rolegate-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // the flags this machine kind needs: no sandbox as root, and no background connections
        // (the network is closed; they would be refused many at a time)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return new Chromium(driver, profile);
    }

    /** Saves what the browser shows as {@code target/console-screenshots/{name}.png} and returns the path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The browser's console messages since the last call (CSP violations show here). */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /**
     * One browser per test, as a JUnit extension ({@code @RegisterExtension final Chromium.Session
     * browser = new Chromium.Session();}): started on first use, screenshotted as
     * {@code failed-{TestClass}-{test}.png} when the test fails, closed after it.
     */
    static final class Session implements AfterTestExecutionCallback, AfterEachCallback {

        private Chromium chromium;

        Chromium chromium() {
            if (chromium == null) {
                try {
                    chromium = start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return chromium;
        }

        ChromeDriver driver() {
            return chromium().driver;
        }

        /** Opens a console link and waits until the console's frame is there. */
        void open(String link) {
            driver().get(link);
            waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.side")));
        }

        /** Waits up to 10 s for {@code condition}. */
        <T> T waitUntil(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
            return new WebDriverWait(driver(), Duration.ofSeconds(10)).until(condition);
        }

        /** Waits until {@code text} shows inside the element {@code css} selects. */
        void waitForText(String css, String text) {
            waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        }

        Path screenshot(String name) throws IOException {
            return chromium().screenshot(name);
        }

        List<String> consoleMessages() {
            return chromium().consoleMessages();
        }

        @Override
        public void afterTestExecution(ExtensionContext context) throws Exception {
            if (chromium != null && context.getExecutionException().isPresent()) {
                chromium.screenshot("failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName());
            }
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            if (chromium != null) {
                chromium.close();
                chromium = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
