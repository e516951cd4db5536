package io.storeorchestrator.api.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through its own chromedriver, both at fixed paths: Selenium Manager never runs, so
 * nothing is downloaded. Each browser gets a fresh profile directory. Screenshots go to
 * {@code target/screenshots/<name>.png}, as tall as the page.
 */
final class DashboardBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int DESKTOP_WIDTH = 1366;
    static final int DESKTOP_HEIGHT = 900;
    private static final int MAX_SHOT_HEIGHT = 3200;

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private DashboardBrowser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /** Whether this machine has Chromium and its driver (Debian: apt-get install chromium chromium-driver). */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static DashboardBrowser start(String baseUrl) {
        try {
            Path profile = Files.createTempDirectory("dashboard-e2e-chromium");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--lang=en-US", "--force-device-scale-factor=1",
                            "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT,
                            "--user-data-dir=" + profile.toAbsolutePath());
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new DashboardBrowser(new ChromeDriver(service, options), profile, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Loads the dashboard afresh (a real page load) at a client-side route such as {@code /stores/<id>}. */
    void load(String route) {
        driver.get(baseUrl + "/#" + route);
    }

    /** Moves to a client-side route the way a link does: no page load. */
    void go(String route) {
        js("location.hash = arguments[0]", route);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code condition} gives something other than null or false; {@code what} names it on a timeout. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    WebElement visible(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement clickable(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(by));
    }

    /** The visible width of the page, as a phone or a desktop (device metrics, so media queries see it). */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
    }

    /** The whole page (up to a limit) as a PNG in target/screenshots. */
    Path screenshot(String name) {
        return screenshot(name, MAX_SHOT_HEIGHT);
    }

    /** The page from its top, at most {@code maxHeight} CSS pixels of it, as a PNG in target/screenshots. */
    Path screenshot(String name, int maxHeight) {
        try {
            // Let fonts, layout and the last render settle: the next animation frame after the fonts are ready.
            ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; document.fonts.ready.then(() => requestAnimationFrame(() => done()));");
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
            @SuppressWarnings("unchecked")
            Map<String, Object> view = (Map<String, Object>) metrics.get("cssLayoutViewport");
            double width = ((Number) view.get("clientWidth")).doubleValue();
            double height = Math.min(maxHeight, Math.max(((Number) content.get("height")).doubleValue(),
                    ((Number) view.get("clientHeight")).doubleValue()));
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's errors so far (a Content-Security-Policy violation is one). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile
            }
        }
    }
}
