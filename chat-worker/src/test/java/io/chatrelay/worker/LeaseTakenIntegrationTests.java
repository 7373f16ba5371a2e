package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker whose lease on a running request lapsed and was taken (it stalled for longer than the TTL) ends nothing
 * while another worker holds the lease: two runs of one request never both end it.
 */
@Tag(RealServices.REDIS_HEAVY)
class LeaseTakenIntegrationTests extends WorkerIntegrationTestSupport {

    @BeforeEach
    void seedProfile() {
        seedResponsesProfile();
    }

    @Test
    void aTurnWhoseLeaseWasTakenEndsNothingAndResumesOnceTheLeaseIsFreeAgain() {
        ChatRequest request = aChatRequest(NAMES.of("c-lease-taken"), "Slowly please [sim:latency=3s]");
        String lease = keys.lease(request.requestId());

        accept(redis, keys, topics, request);
        awaitStatus(request, "running");
        redis.opsForValue().set(lease, "worker-elsewhere", Duration.ofMinutes(1));

        // The response ends upstream within 3 s; while the lease is another worker's, this one ends nothing.
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(8))
                .until(() -> history(redis, keys, request.requestId()).stream()
                        .noneMatch(ChatEvent.Completed.class::isInstance));

        // The other worker went away without ending the request: its lease is gone, and this worker takes over.
        redis.delete(lease);
        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        List<ChatEvent.Completed> completed = events.stream()
                .filter(ChatEvent.Completed.class::isInstance)
                .map(ChatEvent.Completed.class::cast)
                .toList();
        assertThat(completed).hasSize(1);
        assertThat(deltas(events)).isEqualTo(completed.getFirst().text());
        assertThat(completed.getFirst().text()).startsWith("Turn 1: you said \"Slowly please\".");
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .as("responses created upstream")
                .isEqualTo(1);
    }
}
