package io.chatrelay.worker.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealServices;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The request lease and its keeper in real Redis. */
@Tag(RealServices.REDIS_HEAVY)
class LeaseIntegrationTests {

    private final JournalFixture fixture = new JournalFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void keepsTheLeaseOfAHeldRequestFromTheMomentItIsTaken() {
        Journal journal = fixture.journal(RealServices.kafkaBootstrapServers(), Duration.ofMillis(600));
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);
        AtomicBoolean interrupted = new AtomicBoolean();
        held.onInterrupted(() -> interrupted.set(true));

        // Several TTLs pass while the turn is busy elsewhere (before its engine even started).
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> held.writer().equals(leaseHolder(request)));
        assertThat(interrupted).isFalse();

        held.leave();
        await().atMost(Duration.ofSeconds(2)).until(() -> leaseHolder(request) == null);
    }

    @Test
    void interruptsAHeldRequestWhoseLeaseWasTaken() {
        Journal journal = fixture.journal(RealServices.kafkaBootstrapServers(), Duration.ofMillis(600));
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);
        AtomicBoolean interrupted = new AtomicBoolean();
        held.onInterrupted(() -> interrupted.set(true));

        // The lease lapsed (the worker stalled) and another worker took it.
        fixture.redis.opsForValue().set(fixture.keys.lease(request.requestId()), "worker-b");

        await().atMost(Duration.ofSeconds(3)).untilTrue(interrupted);
        assertThat(held.interrupted()).isPresent();
        held.leave();
        assertThat(leaseHolder(request)).isEqualTo("worker-b");
    }

    private String leaseHolder(ChatRequest request) {
        return fixture.redis.opsForValue().get(fixture.keys.lease(request.requestId()));
    }
}
