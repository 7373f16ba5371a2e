package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.history;
import static io.chatrelay.worker.WorkerFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.sim.FaultSettings;
import io.chatrelay.worker.retry.OutageGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** An upstream outage longer than any retry budget: requests wait for the upstream instead of dead-lettering. */
class OutageIntegrationTests extends WorkerIntegrationTestSupport {

    @Autowired
    OutageGuard outage;

    @Autowired
    HealthIndicator upstreamHealthIndicator;

    @Test
    void outageLongerThanTheRetryBudgetEndsWithEveryRequestCompletedAndNoDeadLetter() {
        redis.opsForValue()
                .set(
                        keys.companyProfile("acme"),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));
        List<ChatRequest> requests = new ArrayList<>();
        // Earlier tests' successful calls must leave the guard's window (3 s here) first, or they dilute the outage.
        await().atMost(Duration.ofSeconds(10)).until(() -> outage.window().calls() == 0);
        SIMULATOR.faults(FaultSettings.none().withOutage(true));
        try {
            for (int i = 0; i < 4; i++) {
                ChatRequest request = aChatRequest(NAMES.of("o-" + i), "During the outage " + i);
                requests.add(request);
                accept(redis, keys, topics, request);
            }
            await().atMost(Duration.ofSeconds(20)).until(outage::down);
            assertThat(upstreamHealthIndicator.health(false).getStatus()).isEqualTo(Status.DOWN);
            // Far past the retry budget (about 2 s here) the requests still wait.
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> requests.stream()
                            .noneMatch(r -> status(redis, keys, r.requestId()).equals("dead_lettered")));
        } finally {
            SIMULATOR.faults(FaultSettings.none());
        }

        for (ChatRequest request : requests) {
            awaitStatus(request, "completed");
            assertThat(history(redis, keys, request.requestId()))
                    .anySatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    ChatEvent.RetryScheduled.class,
                                    r -> assertThat(r.reason()).contains("upstream outage")));
        }
        assertThat(outage.down()).isFalse();
        assertThat(upstreamHealthIndicator.health(false).getStatus()).isEqualTo(Status.UP);
    }
}
