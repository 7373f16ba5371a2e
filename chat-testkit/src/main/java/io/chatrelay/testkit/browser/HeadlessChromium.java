package io.chatrelay.testkit.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests, driven by the machine's own {@code chromium} and {@code chromedriver}
 * (Debian's {@code chromium} and {@code chromium-driver} packages). Both paths are given to Selenium, so Selenium
 * Manager never runs and nothing is downloaded. Where either binary is missing, {@link #start()} skips the calling
 * test with a message that says what to install.
 */
public final class HeadlessChromium {

    /** Path of the browser binary, when it is not on {@code PATH} under a usual name. */
    public static final String BROWSER_VARIABLE = "CHATRELAY_TEST_CHROMIUM";

    /** Path of the matching chromedriver, when it is not on {@code PATH}. */
    public static final String DRIVER_VARIABLE = "CHATRELAY_TEST_CHROMEDRIVER";

    private static final List<String> BROWSER_NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final List<String> DRIVER_NAMES = List.of("chromedriver");

    /**
     * A browser binary and the chromedriver that drives it.
     *
     * @param browser the browser executable
     * @param driver the chromedriver executable
     */
    public record Installation(Path browser, Path driver) {}

    private HeadlessChromium() {}

    /**
     * A new headless browser session with a fresh profile; quit it when done. Skips the calling test (a JUnit
     * assumption) when no browser or no chromedriver is installed.
     */
    public static ChromeDriver start() {
        Optional<Installation> installation = locate(System.getenv());
        Assumptions.assumeTrue(installation.isPresent(), HeadlessChromium::missingMessage);
        return start(installation.get());
    }

    /** A new headless browser session on the given installation. */
    public static ChromeDriver start(Installation installation) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installation.browser().toFile());
        options.addArguments(
                "--headless=new",
                // Test machines and containers run as root, where Chromium refuses its sandbox.
                "--no-sandbox",
                // /dev/shm is small in containers; a tab that runs out of it crashes.
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--window-size=1280,1024");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(installation.driver().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Where the browser and driver are: the paths in {@value #BROWSER_VARIABLE} and {@value #DRIVER_VARIABLE} when
     * set, else the first executable of a usual name on {@code PATH}; empty when either is missing.
     */
    public static Optional<Installation> locate(Map<String, String> env) {
        Optional<Path> browser = executable(env, BROWSER_VARIABLE, BROWSER_NAMES);
        Optional<Path> driver = executable(env, DRIVER_VARIABLE, DRIVER_NAMES);
        return browser.isPresent() && driver.isPresent()
                ? Optional.of(new Installation(browser.get(), driver.get()))
                : Optional.empty();
    }

    private static Optional<Path> executable(Map<String, String> env, String variable, List<String> names) {
        String given = env.get(variable);
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String missingMessage() {
        return "Browser test skipped: no headless Chromium on this machine. Looked for " + BROWSER_NAMES
                + " and " + DRIVER_NAMES + " on PATH (or set " + BROWSER_VARIABLE + " and " + DRIVER_VARIABLE
                + "). Install them with: apt-get install -y chromium chromium-driver";
    }
}
