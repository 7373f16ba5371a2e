package io.chatrelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import io.chatrelay.testkit.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page at {@code /} in headless Chromium against the whole dev stack: a message sent from the page streams
 * its answer token by token, a reload mid-answer picks the stream up again, and a running request can be cancelled.
 * The simulator answers slowly here (60 words over 6 s) so that there is a middle of an answer to see.
 */
class DemoPageBrowserIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final SimulatorSettings SLOW =
            SimulatorSettings.defaults().withLatency(Duration.ofSeconds(6)).withTokensPerReply(60);

    private DevStack stack;
    private SimulatorSettings before;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openPage() {
        browser = HeadlessChromium.start();
        stack = TestStack.shared();
        before = simulator().settings();
        simulator().settings(SLOW.withPort(before.port()).withHost(before.host()));
        wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.withMessage(
                () -> "the page showed: " + browser.findElement(By.id("turns")).getDomProperty("outerHTML")
                        + " notice: " + browser.findElement(By.id("notice")).getText());
        browser.get(stack.gatewayUrl() + "/#company=" + DevStack.DEMO_COMPANY + "&key="
                + stack.settings().demoKey());
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (before != null) {
            simulator().settings(before);
        }
    }

    @Test
    void streamsTheAnswerAndResumesItAfterAReload() {
        assertThat(browser.getCurrentUrl()).as("the key leaves the address bar").doesNotContain("key=");

        send("hello from the browser");
        String partial = wait.until(driver -> {
            if (turns().isEmpty()) {
                return null;
            }
            String text = answer(turn(0));
            return "streaming".equals(turn(0).getDomAttribute("data-status")) && !text.isEmpty() ? text : null;
        });
        wait.until(driver -> "completed".equals(turn(0).getDomAttribute("data-status")));
        String full = answer(turn(0));
        assertThat(full).startsWith("Turn 1: you said \"hello from the browser\"");
        assertThat(partial.length())
                .as("text arrived before the answer was complete")
                .isLessThan(full.length());
        assertThat(full).startsWith(partial);

        send("and a second one");
        String requestId =
                wait.until(driver -> turns().size() == 2 ? turn(1).getDomAttribute("data-request-id") : null);
        String beforeReload = wait.until(driver -> {
            String text = answer(turn(1));
            return text.length() > 10 ? text : null;
        });
        assertThat(turn(1).getDomAttribute("data-status")).isNotEqualTo("completed");

        browser.navigate().refresh();

        // The history comes back, and the running turn continues from its events.
        wait.until(driver -> turns().size() == 2);
        assertThat(answer(turn(0))).isEqualTo(full);
        assertThat(turn(1).getDomAttribute("data-request-id")).isEqualTo(requestId);
        wait.until(driver -> "completed".equals(turn(1).getDomAttribute("data-status")));
        String second = answer(turn(1));
        assertThat(second).startsWith("Turn 2: you said \"and a second one\"").startsWith(beforeReload);
    }

    @Test
    void cancelsARunningRequest() {
        send("this one will be cancelled");
        wait.until(driver -> !turns().isEmpty() && !answer(turn(0)).isEmpty());

        turn(0).findElement(By.cssSelector("button.cancel")).click();

        wait.until(driver -> "cancelled".equals(turn(0).getDomAttribute("data-status")));
        assertThat(turn(0).findElement(By.cssSelector("button.cancel")).isDisplayed())
                .isFalse();
    }

    private void send(String message) {
        browser.findElement(By.id("message")).sendKeys(message);
        browser.findElement(By.cssSelector("#send button[type=submit]")).click();
    }

    private List<WebElement> turns() {
        return browser.findElements(By.cssSelector("#turns .turn"));
    }

    private WebElement turn(int index) {
        return turns().get(index);
    }

    private static String answer(WebElement turn) {
        return turn.findElement(By.cssSelector(".assistant")).getText();
    }

    private OpenAiSimulator simulator() {
        return stack.simulator().orElseThrow();
    }
}
