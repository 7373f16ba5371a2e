package io.chatrelay.gateway.ops;

import static io.chatrelay.gateway.ops.DeadLetterFixtures.aRequest;
import static io.chatrelay.gateway.ops.DeadLetterFixtures.header;
import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.ops.DeadLetterFixtures.Failure;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.TestNames;
import io.chatrelay.testkit.browser.HeadlessChromium;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;

/**
 * The {@code /ops} page in headless Chromium, against the real gateway, broker and Redis: dead letters go to
 * {@code chat.requests.DLT} as a worker publishes them, the gateway indexes them, and the operator filters, selects,
 * counts, replays and discards by clicking.
 */
class OpsPageBrowserIntegrationTests extends TenantIntegrationTest {

    /** Bounds every wait of the page: the index, the page's 2 s polling and a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Pattern DRY_RUN = Pattern.compile("Dry run: (\\d+) would be replayed");

    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private ChromeDriver browser;
    private WebDriverWait wait;
    private DeadLetterFixtures dlt;

    @BeforeEach
    void setUp() {
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, PATIENCE);
        dlt = new DeadLetterFixtures(topics());
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        if (dlt != null) {
            dlt.close();
        }
    }

    @Test
    void filtersCountsAndReplaysSelectedDeadLettersThenFollowsTheirOutcome() {
        Tenant tenant = aTenant();
        ChatRequest first = failThroughTheGateway(tenant, "first", Failure.rejected(base));
        ChatRequest second = failThroughTheGateway(tenant, "second", Failure.rejected(base.plusSeconds(10)));
        ChatRequest quota = failThroughTheGateway(tenant, "quota", Failure.quota(base.plusSeconds(20)));
        dlt.deadLetter(
                aRequest("other-" + tenant.slug(), "c-other-" + tenant.slug(), "Not ours"), Failure.rejected(base));

        openPage(ADMIN_TOKEN, "ops-alice");
        filterBy(tenant.slug(), null);
        awaitListed(quota, second, first);
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("3 shown");

        filterBy(tenant.slug(), "upstream_rejected");
        awaitListed(second, first);

        click("dryRun");
        assertThat(awaitDryRunCount()).isEqualTo(2);
        assertThat(message()).contains(first.requestId(), second.requestId()).doesNotContain(quota.requestId());

        pick(first);
        click("dryRun");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(message())
                        .startsWith("Dry run: 1 would be replayed")
                        .contains(first.requestId())
                        .doesNotContain(second.requestId()));
        assertThat(replaysOf(first)).isZero();

        browser.findElement(By.id("all")).click();
        click("replay");
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Replay 2 selected dead letters");
        confirm.accept();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(message()).startsWith("Published 2, failed 0, skipped 0"));
        awaitListed();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(replayedStatuses())
                        .containsEntry(first.requestId(), "waiting for a worker")
                        .containsEntry(second.requestId(), "waiting for a worker"));

        // The worker's part: the first replay completes, the second fails again and returns to the DLT.
        await().atMost(PATIENCE).until(() -> replaysOf(first) == 1 && replaysOf(second) == 1);
        Instant now = Instant.now();
        worker.emit(new ChatEvent.Queued(first.requestId(), first.conversationId(), 3, now));
        worker.emit(new ChatEvent.Completed(
                first.requestId(), first.conversationId(), 4, now, "resp_2", "Done on the second try.", null));
        worker.emit(new ChatEvent.DeadLettered(
                second.requestId(),
                second.conversationId(),
                3,
                now,
                "upstream_rejected",
                "400: invalid_request_error"));
        dlt.deadLetter(second.replayed(), Failure.rejected(base.plusSeconds(30)));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(replayedStatuses())
                        .containsEntry(first.requestId(), "completed")
                        .containsEntry(second.requestId(), "dead-lettered again (replay 1)"));
        filterBy(tenant.slug(), "upstream_rejected");
        awaitListed(second);
        assertThat(cells(second)).element(6).isEqualTo("1");
        assertThat(cells(second)).element(8).isEqualTo("open");
    }

    @Test
    void discardsTheSelectedDeadLetterWithAReasonAndShowsItOnlyWithResolvedOnes() {
        String company = TestNames.unique().id().toLowerCase();
        ChatRequest kept = aRequest(company, "c-" + company + "-kept", "Keep me");
        ChatRequest dropped = aRequest(company, "c-" + company + "-dropped", "Drop me");
        dlt.deadLetter(kept, Failure.quota(base));
        dlt.deadLetter(dropped, Failure.quota(base.plusSeconds(5)));

        openPage("not-the-admin-token", "ops-bob");
        filterBy(company, null);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(message()).startsWith("401 invalid_admin_token"));
        assertThat(listedIds()).isEmpty();

        WebElement token = browser.findElement(By.id("token"));
        token.clear();
        token.sendKeys(ADMIN_TOKEN);
        filterBy(company, "quota_exceeded");
        awaitListed(dropped, kept);

        pick(dropped);
        click("discard");
        Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(prompt.getText()).isEqualTo("Why discard 1 dead letter(s)?");
        prompt.sendKeys("customer gave up");
        prompt.accept();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(message()).isEqualTo("Discarded 1"));
        awaitListed(kept);

        browser.findElement(By.cssSelector("#filters input[name=includeResolved]"))
                .click();
        submitFilters();
        awaitListed(dropped, kept);
        assertThat(cells(dropped)).element(8).isEqualTo("discarded");
        assertThat(cells(kept)).element(8).isEqualTo("open");
        admin().get()
                .uri("/admin/dead-letters/{id}", dropped.requestId())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.resolution.kind")
                .isEqualTo("discarded")
                .jsonPath("$.resolution.reason")
                .isEqualTo("customer gave up")
                .jsonPath("$.resolution.by")
                .isEqualTo("ops-bob");
        assertThat(dlt.requestsOf(dropped.conversationId())).isEmpty();
    }

    /**
     * A request accepted by the gateway that the worker then gave up on: {@code failed} and {@code dead_lettered}
     * events, and the request as published on the dead-letter topic.
     */
    private ChatRequest failThroughTheGateway(Tenant tenant, String name, Failure failure) {
        String conversation = "c-" + tenant.slug() + "-" + name;
        Map<?, ?> accepted = as(tenant)
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(tenant.slug(), "Please do " + name, conversation))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String requestId = (String) accepted.get("requestId");
        ChatRequest request = worker.published(requestId).orElseThrow().request();
        Instant at = Instant.now();
        worker.emit(new ChatEvent.Failed(requestId, conversation, 1, at, failure.category(), failure.reason(), false));
        worker.emit(new ChatEvent.DeadLettered(requestId, conversation, 2, at, failure.category(), failure.reason()));
        dlt.deadLetter(request, failure);
        return request;
    }

    private void openPage(String adminToken, String operator) {
        browser.get(baseUrl() + "/ops");
        browser.findElement(By.id("token")).sendKeys(adminToken);
        browser.findElement(By.id("operator")).sendKeys(operator);
    }

    private void filterBy(String company, String category) {
        WebElement companyField = browser.findElement(By.cssSelector("#filters input[name=company]"));
        companyField.clear();
        companyField.sendKeys(company);
        Select categories = new Select(browser.findElement(By.cssSelector("#filters select[name=category]")));
        if (category == null) {
            categories.selectByValue("");
        } else {
            categories.selectByVisibleText(category);
        }
        submitFilters();
    }

    private void submitFilters() {
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    }

    private void click(String buttonId) {
        browser.findElement(By.id(buttonId)).click();
    }

    private void pick(ChatRequest request) {
        browser.findElement(By.cssSelector("#rows tr[data-request-id='" + request.requestId() + "'] input.pick"))
                .click();
    }

    private int awaitDryRunCount() {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            Matcher matcher = DRY_RUN.matcher(message());
                            return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
                        },
                        count -> count != null);
    }

    /** Waits until the list shows exactly these requests, in this order, each searching the index anew. */
    private void awaitListed(ChatRequest... requests) {
        List<String> expected =
                java.util.Arrays.stream(requests).map(ChatRequest::requestId).toList();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            if (!listedIds().equals(expected)) {
                submitFilters();
            }
            assertThat(listedIds()).containsExactlyElementsOf(expected);
            // The same rows at two looks in a row: no reload of an earlier submit is still on its way to replace them
            // (and, with them, a selection made next).
            assertThat(sameRowsAsLastLook())
                    .as("rows unchanged since the last look")
                    .isTrue();
        });
    }

    /** Whether every row was there at the last call already; marks the rows for the next. */
    private boolean sameRowsAsLastLook() {
        return (Boolean) browser.executeScript("const rows = [...document.querySelectorAll('#rows tr')];"
                + " const seen = rows.every((tr) => tr.dataset.seen);"
                + " rows.forEach((tr) => (tr.dataset.seen = '1'));"
                + " return seen;");
    }

    private String message() {
        return browser.findElement(By.id("message")).getText();
    }

    @SuppressWarnings("unchecked")
    private List<String> listedIds() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#rows tr')].map(tr => tr.dataset.requestId)");
    }

    @SuppressWarnings("unchecked")
    private List<String> cells(ChatRequest request) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelector(\"#rows tr[data-request-id='\" + arguments[0] + \"']\").cells]"
                        + ".map(td => td.textContent)",
                request.requestId());
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> replayedStatuses() {
        return (Map<String, String>) browser.executeScript("return Object.fromEntries([...document"
                + ".querySelectorAll('#replayed tr')].map(tr => [tr.dataset.requestId, tr.cells[3].textContent]))");
    }

    /** Replays of the request the gateway put on {@code chat.requests}. */
    private long replaysOf(ChatRequest request) {
        return dlt.requestsOf(request.conversationId()).stream()
                .filter(r -> "1".equals(header(r, ChatHeaders.REPLAY_COUNT)))
                .count();
    }
}
