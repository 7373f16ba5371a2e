package io.chatrelay.gateway;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.ops.DeadLetterFixtures;
import io.chatrelay.gateway.ops.DeadLetterFixtures.Failure;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.dashboard.GrafanaDashboard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The Grafana dashboard in {@code ops/grafana} asks the gateway only for metrics it really exports: after some
 * traffic (accepted and refused chats, dead letters indexed, replayed and discarded), the real
 * {@code /actuator/prometheus} serves every metric that a query of job {@code chat-gateway} names.
 */
class DashboardMetricsIntegrationTests extends TenantIntegrationTest {

    /** The dashboard, from the repository root (tests run in the module's directory). */
    static final Path DASHBOARD = Path.of("../ops/grafana/dashboards/chat-relay.json");

    static final String JOB = "chat-gateway";

    @Test
    void everyGatewayMetricOfTheDashboardIsInTheScrapeAfterTraffic() {
        GrafanaDashboard dashboard = GrafanaDashboard.read(DASHBOARD);
        assertThat(dashboard.selectorsOf(JOB)).hasSizeGreaterThanOrEqualTo(8);

        Tenant tenant = aTenant();
        postChat(tenant, aChatBody(tenant.slug(), "Count me in")).expectStatus().isAccepted();
        postChat(tenant, "{\"companySlug\":\"" + tenant.slug() + "\"}")
                .expectStatus()
                .isBadRequest();
        try (DeadLetterFixtures dlt = new DeadLetterFixtures(topics())) {
            ChatRequest replayed = DeadLetterFixtures.aRequest(tenant.slug(), "c-" + tenant.slug() + "-1", "Again");
            ChatRequest discarded = DeadLetterFixtures.aRequest(tenant.slug(), "c-" + tenant.slug() + "-2", "Drop");
            dlt.deadLetter(replayed, Failure.rejected(Instant.now()));
            dlt.deadLetter(discarded, Failure.quota(Instant.now()));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> admin().get()
                            .uri("/admin/dead-letters/{id}", discarded.requestId())
                            .exchange()
                            .expectStatus()
                            .isOk());
            adminPost("/admin/dead-letters/replay", "{\"ids\":[\"" + replayed.requestId() + "\"]}");
            adminPost("/admin/dead-letters/" + discarded.requestId() + "/discard", "{\"reason\":\"dashboard test\"}");
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(dashboard.unservedBy(scrape(), JOB))
                        .as("metrics of job %s in the dashboard but not in /actuator/prometheus", JOB)
                        .isEmpty());
    }

    @Test
    void everyQueryOfTheDashboardSaysWhichAppItIsAbout() {
        GrafanaDashboard dashboard = GrafanaDashboard.read(DASHBOARD);

        assertThat(dashboard.expressions()).isNotEmpty();
        assertThat(dashboard.selectors())
                .hasSizeGreaterThanOrEqualTo(dashboard.expressions().size())
                .allSatisfy(s -> assertThat(s.job())
                        .as("job of %s in panel '%s'", s.metric(), s.panel())
                        .isIn(List.of(JOB, "chat-worker")));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postChat(
            Tenant tenant, String body) {
        return as(tenant)
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private void adminPost(String path, String body) {
        admin().post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    private String scrape() {
        return getText("/actuator/prometheus");
    }
}
