package io.chatrelay.worker.engine.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpareConversationsTests {

    private final AtomicInteger created = new AtomicInteger();

    @Test
    void startsFillingOnFirstUseAndKeepsTheTargetReady() {
        SpareConversations spares = new SpareConversations(3, () -> "conv_" + created.incrementAndGet());
        assertThat(created).hasValue(0);

        assertThat(spares.take()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAtomic(created, equalTo(3));

        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            taken.add(spares.take().orElseThrow());
        }
        assertThat(taken).containsExactlyInAnyOrder("conv_1", "conv_2", "conv_3");
        await().atMost(Duration.ofSeconds(5)).untilAtomic(created, equalTo(6));
    }

    @Test
    void givesNoneWhileTheUpstreamFailsAndNoneWhenTurnedOff() {
        SpareConversations failing = new SpareConversations(3, () -> {
            created.incrementAndGet();
            throw new IllegalStateException("upstream down");
        });
        assertThat(failing.take()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAtomic(created, equalTo(1));
        assertThat(failing.take()).isEmpty();

        SpareConversations off = new SpareConversations(0, () -> "conv_" + created.incrementAndGet());
        assertThat(off.take()).isEqualTo(Optional.empty());
    }
}
