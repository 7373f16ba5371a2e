package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.dashboard.GrafanaDashboard;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Grafana dashboard in {@code ops/grafana} asks the worker only for metrics it really exports: after a run that
 * was retried, a run that was dead-lettered and its replay, the worker's real {@code /actuator/prometheus} serves every
 * metric that a query of job {@code chat-worker} names.
 */
class DashboardMetricsIntegrationTests extends WorkerIntegrationTestSupport {

    /** The dashboard, from the repository root (tests run in the module's directory). */
    static final Path DASHBOARD = Path.of("../ops/grafana/dashboards/chat-relay.json");

    static final String JOB = "chat-worker";

    @Autowired
    ApplicationContext context;

    @Test
    void everyWorkerMetricOfTheDashboardIsInTheScrapeAfterTraffic() {
        GrafanaDashboard dashboard = GrafanaDashboard.read(DASHBOARD);
        assertThat(dashboard.selectorsOf(JOB)).hasSizeGreaterThanOrEqualTo(10);
        redis.opsForValue()
                .set(
                        keys.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", "Answer briefly.")));

        ChatRequest retried = aChatRequest(NAMES.of("c-dashboard-503"), "Once unavailable [sim:fail=503x1]");
        ChatRequest rejected = aChatRequest(NAMES.of("c-dashboard-400"), "Once rejected [sim:fail=400x1]");
        accept(redis, keys, topics, retried);
        accept(redis, keys, topics, rejected);
        awaitStatus(retried, "completed");
        awaitStatus(rejected, "dead_lettered");
        replay(topics, deadLetter(rejected.requestId()));
        awaitStatus(rejected, "completed");

        // The actuator endpoint through the worker's own WebFlux handler chain, in the context the other tests share.
        WebTestClient actuator = WebTestClient.bindToApplicationContext(context).build();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(dashboard.unservedBy(scrape(actuator), JOB))
                        .as("metrics of job %s in the dashboard but not in /actuator/prometheus", JOB)
                        .isEmpty());
        // No timer per Redis command: a turn's journal writes one per event, and nothing reads them.
        assertThat(scrape(actuator)).doesNotContainPattern("(?m)^lettuce");
    }

    private static String scrape(WebTestClient actuator) {
        return actuator.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
