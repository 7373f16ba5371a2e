package io.chatrelay.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The guard's probe: whatever happens to one probe, the guard comes back up once the upstream answers. */
class OutageGuardTests {

    private static final RetryProperties.Outage SETTINGS =
            new RetryProperties.Outage(Duration.ofSeconds(30), 3, 1.0, Duration.ofMillis(10), Duration.ofMillis(50));

    private final List<Boolean> changes = new CopyOnWriteArrayList<>();

    @Test
    void comesBackUpWhenTheProbeThrewAnErrorFirst() {
        AtomicInteger probes = new AtomicInteger();
        OutageGuard guard = downWith(() -> {
            if (probes.incrementAndGet() == 1) {
                throw new StackOverflowError("a probe that fails in a way no caller expects");
            }
            return true;
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.equals(List.of(true, false)));
        assertThat(guard.down()).isFalse();
        assertThat(probes).hasValueGreaterThanOrEqualTo(2);
    }

    @Test
    void aWaitingRetryReplacesAProbeThatHangs() throws InterruptedException {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        OutageGuard guard = downWith(() -> {
            if (probes.incrementAndGet() == 1) {
                hung.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        });
        assertThat(hung.await(5, TimeUnit.SECONDS)).isTrue();

        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                guard.awaitUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.join(Duration.ofSeconds(5));

        assertThat(waiter.isAlive())
                .as("the retry still waits for the upstream")
                .isFalse();
        // The hung probe answering late changes nothing: the outage ended once.
        released.countDown();
        await().during(Duration.ofMillis(200)).until(() -> changes.equals(List.of(true, false)));
    }

    @Test
    void countsOnlyTheCallsOfItsWindow() {
        RetryProperties.Outage shortWindow = new RetryProperties.Outage(
                Duration.ofMillis(300), 3, 1.0, Duration.ofMillis(10), Duration.ofMillis(50));
        OutageGuard guard = new OutageGuard(shortWindow, () -> true);
        guard.onChange(changes::add);
        for (int i = 0; i < 3; i++) {
            guard.succeeded();
            guard.failedTransiently();
        }
        assertThat(guard.window()).isEqualTo(new OutageGuard.Window(6, 3));
        assertThat(guard.down()).as("three successes among six calls").isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> guard.window().calls() == 0);
        for (int i = 0; i < 3; i++) {
            guard.failedTransiently();
        }

        assertThat(guard.down())
                .as("three failures, the successes gone from the window")
                .isTrue();
        assertThat(changes).first().isEqualTo(true);
    }

    private OutageGuard downWith(BooleanSupplier probe) {
        OutageGuard guard = new OutageGuard(SETTINGS, probe);
        guard.onChange(changes::add);
        for (int i = 0; i < SETTINGS.minCalls(); i++) {
            guard.failedTransiently();
        }
        assertThat(changes).containsExactly(true);
        return guard;
    }
}
