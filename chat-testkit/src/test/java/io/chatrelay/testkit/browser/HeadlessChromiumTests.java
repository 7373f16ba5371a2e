package io.chatrelay.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class HeadlessChromiumTests {

    @Test
    void findsBrowserAndDriverOnPath(@TempDir Path dir) throws IOException {
        Path browser = executable(dir.resolve("chromium"));
        Path driver = executable(dir.resolve("chromedriver"));

        assertThat(HeadlessChromium.locate(Map.of("PATH", "/nowhere:" + dir)))
                .contains(new HeadlessChromium.Installation(browser, driver));
    }

    @Test
    void prefersTheConfiguredPaths(@TempDir Path dir) throws IOException {
        executable(dir.resolve("chromium"));
        executable(dir.resolve("chromedriver"));
        Path browser = executable(dir.resolve("my-chrome"));
        Path driver = executable(dir.resolve("my-driver"));

        assertThat(HeadlessChromium.locate(Map.of(
                        "PATH",
                        dir.toString(),
                        HeadlessChromium.BROWSER_VARIABLE,
                        browser.toString(),
                        HeadlessChromium.DRIVER_VARIABLE,
                        driver.toString())))
                .contains(new HeadlessChromium.Installation(browser, driver));
    }

    @Test
    void findsNothingWithoutTheDriver(@TempDir Path dir) throws IOException {
        executable(dir.resolve("chromium"));
        Files.createFile(dir.resolve("chromedriver"));

        assertThat(HeadlessChromium.locate(Map.of("PATH", dir.toString()))).isEmpty();
        assertThat(HeadlessChromium.locate(Map.of("PATH", "/nowhere"))).isEmpty();
    }

    @Test
    void runsScriptOfAPageInTheInstalledBrowser() {
        ChromeDriver browser = HeadlessChromium.start();
        try {
            String page = "<p id='out'>waiting</p><script>"
                    + "setTimeout(() => document.getElementById('out').textContent = 'ran ' + (6 * 7), 50)</script>";
            browser.get("data:text/html;charset=utf-8,"
                    + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));

            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBe(By.id("out"), "ran 42"));
            assertThat(browser.executeScript("return navigator.webdriver")).isEqualTo(true);
        } finally {
            browser.quit();
        }
    }

    private static Path executable(Path path) throws IOException {
        return Files.createFile(
                path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
