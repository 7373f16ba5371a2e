package io.chatrelay.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConversationSchedulerTests {

    private final ConversationScheduler scheduler = new ConversationScheduler();

    @Test
    void runsOneConversationInOrderAndOthersAlongside() throws InterruptedException {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);

        scheduler.submit("a", () -> awaitQuietly(release));
        for (int i = 1; i <= 50; i++) {
            int turn = i;
            scheduler.submit(
                    "a",
                    () -> seen.computeIfAbsent("a", k -> new CopyOnWriteArrayList<>())
                            .add(turn));
        }
        scheduler.submit("b", otherRan::countDown);

        // "b" runs while "a" is blocked: conversations do not wait for each other.
        assertThat(otherRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).doesNotContainKey("a");
        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> seen.getOrDefault("a", List.of()).size() == 50);
        assertThat(seen.get("a")).isSorted();
    }

    @Test
    void aTaskThatThrowsDoesNotStopItsConversation() throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch next = new CountDownLatch(2);

        scheduler.submit("x", () -> {
            failed.countDown();
            throw new IllegalStateException("a bug in a task");
        });
        scheduler.submit("x", next::countDown);
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        scheduler.submit("x", next::countDown);

        assertThat(next.await(5, TimeUnit.SECONDS))
                .as("the tasks after the failed one ran")
                .isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
